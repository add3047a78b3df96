import type { LabellingItem } from '@mlportal/sdk/core';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { parseLabel } from './label-value';
import type { ILabellingState } from './labelling-model';
import { LabellingView, type ILabellingActions } from './LabellingView';

const item: LabellingItem = {
  id: 'pred_0123456789abcdefghij',
  deployment: 'flights-late',
  model: 'flights-late-model',
  version: 2,
  role: 'primary',
  requestId: 'req-1',
  at: '2026-05-01T10:00:00.000Z',
  latencyMs: 3,
  features: { distance: 1200, dep_hour: 17 },
  inputs: null,
  entityKeys: null,
  outputs: { probabilities: [0.46, 0.54] },
  prediction: 1,
  score: 0.54
};

const actions: ILabellingActions = { setDraft: () => undefined, send: () => undefined, reload: () => undefined };

function state(change: Partial<ILabellingState>): ILabellingState {
  return {
    deployment: 'flights-late',
    items: [item],
    loading: false,
    problem: null,
    drafts: {},
    sending: [],
    sent: null,
    mayLabel: true,
    ...change
  };
}

const render = (s: ILabellingState) => renderToStaticMarkup(createElement(LabellingView, { state: s, actions }));

describe('the labelling view', () => {
  it("shows each queued prediction's features and score with a label field, Send enabled once a label is typed", () => {
    const empty = render(state({}));
    expect(empty).toContain('data-prediction="pred_0123456789abcdefghij"');
    expect(empty).toContain('<dt>distance</dt><dd>1200</dd><dt>dep_hour</dt><dd>17</dd>');
    expect(empty).toContain('<td data-field="score">0.5400</td>');
    expect(empty).toMatch(/<button type="submit" class="jp-mlportal-button" disabled="">Send<\/button>/);
    const typed = render(state({ drafts: { [item.id]: '1' } }));
    expect(typed).toMatch(/<button type="submit" class="jp-mlportal-button">Send<\/button>/);
  });

  it('is read-only for a token without labels:write, and says so', () => {
    const html = render(state({ mayLabel: false, drafts: { [item.id]: '1' } }));
    expect(html).toContain('Sending labels needs the labels:write permission');
    expect(html).toMatch(/aria-label="Label of pred_0123456789abcdefghij" disabled=""/);
    expect(html).toMatch(/<button type="submit" class="jp-mlportal-button" disabled="">Send<\/button>/);
  });

  it('says when nothing waits for a label', () => {
    expect(render(state({ items: [] }))).toContain('Nothing waits for a label.');
  });
});

describe('a typed label', () => {
  it('reads as a number, a boolean or a class name; blank is none', () => {
    expect(parseLabel(' 12.5 ')).toBe(12.5);
    expect(parseLabel('0')).toBe(0);
    expect(parseLabel('TRUE')).toBe(true);
    expect(parseLabel('false')).toBe(false);
    expect(parseLabel('late')).toBe('late');
    expect(parseLabel('   ')).toBeNull();
  });
});
