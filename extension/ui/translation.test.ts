import type { TranslationBundle } from '@jupyterlab/translation';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { andList } from './and-list';
import { PageFrame } from './PageFrame';
import { ProblemAlert } from './ProblemAlert';
import { describeProblem } from './problem';
import { describeRoles } from './roles';
import { TranslatorContext } from './TranslatorContext';
import { untranslated } from './untranslated';

/** A stand-in language: every message marked, so a string that skipped the bundle shows up unmarked. */
const marked: TranslationBundle = {
  ...untranslated,
  __: (msgid, ...args) => `«${untranslated.__(msgid, ...args)}»`,
  _n: (msgid, plural, n, ...args) => `«${untranslated._n(msgid, plural, n, ...args)}»`
};

describe('untranslated', () => {
  it('fills %1, %2… as JupyterLab does, and %% is a percent sign', () => {
    expect(untranslated.__('Deployed %1 to %2', 'flights', 'local')).toBe('Deployed flights to local');
    expect(untranslated.__('%1 is at 100%% of %1', 'v2')).toBe('v2 is at 100% of v2');
    expect(untranslated.__('Canary share (%)')).toBe('Canary share (%)');
  });

  it('chooses the plural by the count, which is %1', () => {
    expect(untranslated._n('%1 feature selected', '%1 features selected', 1)).toBe('1 feature selected');
    expect(untranslated._n('%1 feature selected', '%1 features selected', 3)).toBe('3 features selected');
    expect(untranslated._n('%2 match', '%2 matches', 1200, '1,200')).toBe('1,200 matches');
  });
});

describe('the shared words', () => {
  it('name the roles a refusal is about, or the token', () => {
    expect(describeRoles(['viewer'])).toBe('the viewer role');
    expect(describeRoles(['analyst', 'viewer'])).toBe('the analyst, viewer roles');
    expect(describeRoles(null)).toBe('this token');
    expect(describeRoles([], marked)).toBe('«this token»');
  });

  it('join versions with "and"', () => {
    expect(andList(['v1', 'v2', 'v3'], untranslated)).toBe('v1 and v2 and v3');
    expect(andList([], untranslated)).toBe('');
  });

  it('word a failure in the bundle given', () => {
    expect(describeProblem(new Error('boom'), 'Listing the jobs').message).toBe('Listing the jobs failed: boom.');
    expect(describeProblem(new Error('boom'), 'Listing the jobs', marked).message).toBe('«Listing the jobs failed: boom.»');
  });
});

describe('TranslatorContext', () => {
  it('hands components the bundle their widget provides, and the strings as written without one', () => {
    const frame = (problem: { message: string; status: null; requestId: string }) =>
      createElement(PageFrame, {
        className: 'jp-mlportal-model',
        label: 'Model m',
        back: 'All models',
        onBack: () => undefined,
        heading: 'm',
        loading: true,
        loaded: false,
        problem,
        children: createElement(ProblemAlert, { problem })
      });
    const problem = { message: 'Reading failed.', status: null, requestId: 'req-1' };
    expect(renderToStaticMarkup(frame(problem))).toContain('Loading…');
    const html = renderToStaticMarkup(createElement(TranslatorContext.Provider, { value: marked }, frame(problem)));
    expect(html).toContain('«Loading…»');
    expect(html).toContain('«(request id req-1)»');
  });
});
