import type { Group, GroupVersion } from '@mlportal/sdk/core';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { GroupView } from './GroupView';
import { histogramSummary } from './Histogram';
import { rowsNotVisible } from './rows-hidden';
import type { IGroupPage } from './state';

const freshness = {
  rows: 12,
  ingestions: 1,
  minEventTime: '2001-06-27T00:00:00.000Z',
  maxEventTime: '2001-06-30T00:00:00.000Z',
  lastIngestedAt: '2026-01-01T00:00:00.000Z'
};

const group: Group = {
  name: 'airport_delay_7d',
  entity: 'airport',
  joinKeys: [{ name: 'origin', type: 'string' }],
  eventTime: 'date',
  features: [
    { name: 'mean_delay_7d', type: 'float64', description: 'Mean departure delay over the previous 7 days', tags: [] },
    { name: 'busiest_carrier', type: 'string', description: '', tags: ['carrier'] }
  ],
  description: 'Delays per origin airport',
  owner: 'data-platform',
  tags: ['flights', 'delay'],
  online: true,
  version: 1,
  revision: 1,
  freshness,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'admin',
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'admin'
};

const version: GroupVersion = {
  group: 'airport_delay_7d',
  version: 1,
  entity: 'airport',
  joinKeys: group.joinKeys,
  eventTime: 'date',
  features: [
    { name: 'mean_delay_7d', type: 'float64' },
    { name: 'busiest_carrier', type: 'string' }
  ],
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'admin',
  changes: [],
  freshness,
  stats: {
    mean_delay_7d: {
      count: 11,
      nulls: 1,
      min: 0,
      max: 30,
      mean: 12.5,
      std: 4.25,
      quantiles: { p50: 12, p01: 0.5, p99: 29 },
      histogram: [
        { lower: 0, upper: 10, count: 3 },
        { lower: 10, upper: 20, count: 7 },
        { lower: 20, upper: 30, count: 1 }
      ]
    },
    busiest_carrier: {
      count: 12,
      nulls: 0,
      distinct: 2,
      topValues: [
        { value: 'UA', count: 8 },
        { value: 'AA', count: 4 }
      ]
    }
  },
  statsComputedAt: '2026-01-01T00:00:00.000Z'
};

function render(page: Partial<IGroupPage>, selection: string[] = []): string {
  const full: IGroupPage = {
    name: 'airport_delay_7d',
    loading: false,
    group,
    version,
    usage: { group: 'airport_delay_7d', trainingSets: [], models: [] },
    preview: null,
    problem: null,
    previewProblem: null,
    focus: null,
    ...page
  };
  const noop = () => undefined;
  return renderToStaticMarkup(createElement(GroupView, { page: full, selection, onBack: noop, onSelect: noop, onSelectGroup: noop }));
}

describe('GroupView', () => {
  it('shows each feature with its type, a summarised histogram and its statistics', () => {
    const html = render({});
    expect(html).toContain('aria-label="Feature group airport_delay_7d"');
    expect(html).toContain('<span class="jp-mlportal-badge" data-field="type">float64</span>');
    expect(html).toContain('Mean departure delay over the previous 7 days');
    expect(html).toContain(`role="img" aria-label="${histogramSummary('mean_delay_7d', version.stats.mean_delay_7d.histogram!)}"`);
    expect(html.match(/<rect /g)).toHaveLength(3);
    expect(html).toContain('aria-label="Statistics of mean_delay_7d"');
    expect(html).toContain('<tr data-stat="mean"><th scope="row">mean</th><td>12.5</td></tr>');
    expect(html).toContain('<tr data-stat="nulls"><th scope="row">nulls</th><td>1</td></tr>');
    // Quantiles in order, whatever order the backend sent them in.
    expect(html).toMatch(/<th scope="col">p01<\/th><th scope="col">p50<\/th><th scope="col">p99<\/th>/);
    expect(html).toContain('aria-label="Top values of busiest_carrier"');
    expect(html).toContain('<td>UA</td><td>8</td>');
    expect(html).toContain('data-field="owner">data-platform<');
    expect(html).toContain('12 in 1 ingestion');
  });

  it('says rows are hidden from the role while still showing the statistics', () => {
    const html = render({ previewProblem: rowsNotVisible(['business']) });
    expect(html).toContain('Rows are not visible to the business role: the catalog and statistics are.');
    expect(html).toContain('aria-label="Statistics of mean_delay_7d"');
  });

  it('ticks the selected features, and "all" only when every one is', () => {
    const html = render({}, ['airport_delay_7d:mean_delay_7d']);
    expect(html).toMatch(/<input type="checkbox" aria-label="Select airport_delay_7d:mean_delay_7d" checked=""/);
    expect(html).not.toMatch(/<input type="checkbox" aria-label="Select airport_delay_7d:busiest_carrier" checked=""/);
    expect(html).not.toMatch(/aria-label="Select every feature of airport_delay_7d" checked=""/);
  });

  it('shows why the group could not be read', () => {
    const html = render({
      group: null,
      version: null,
      problem: { message: 'Reading the feature group x failed: not found (404).', status: 404, requestId: null }
    });
    expect(html).toContain('<p role="alert" class="jp-mlportal-problem">Reading the feature group x failed: not found (404).</p>');
  });
});

describe('histogramSummary', () => {
  it('names the range, the total and the fullest bin', () => {
    expect(
      histogramSummary('delay', [
        { lower: 0, upper: 10, count: 2 },
        { lower: 10, upper: 20, count: 5 }
      ])
    ).toBe('Histogram of delay: 2 bins from 0 to 20, 7 values; most (5) between 10 and 20.');
  });
});
