/**
 * Dashboards in a cell's output through tslab's own display API: the test plays the kernel's part
 * by loading tslab's jupyter module with Node's own loader (as the kernel does; jest's require keeps
 * modules apart) and receiving what a cell would send to JupyterLab.
 */
import Module from 'node:module';
import { dashboardSummary, kernelDisplay, OUTPUT_CHART_WIDTH, showDashboard } from './display';
import { VEGA_LITE_MIME, type Dashboard } from './types';

type DisplayMessage = { data: Record<string, unknown>; metadata: unknown; transient: unknown };

const dashboard: Dashboard = {
  kind: 'business',
  title: 'Business',
  deployment: 'flights-delay',
  from: '2026-05-01T00:00:00.000Z',
  to: '2026-05-02T00:00:00.000Z',
  generatedAt: '2026-05-02T00:00:01.000Z',
  panels: [
    {
      id: 'volume',
      title: 'Predictions per day',
      description: 'Requests answered',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        width: 'container',
        data: { values: [{ day: '2026-05-01', n: 3 }] },
        mark: 'bar'
      }
    },
    { id: 'kpi', title: 'Share of flights predicted late', description: '', spec: {}, empty: 'no KPI is set on the deployment' }
  ]
};

describe("a dashboard in a tslab cell's output", () => {
  const nodeLoad = (Module as unknown as { _load(request: string, parent: null, isMain: boolean): unknown })._load;
  const jupyter = nodeLoad(require.resolve('tslab/dist/jupyter'), null, false) as {
    lastWriteDisplayData: ((message: DisplayMessage, update: boolean) => void) | null;
  };

  afterEach(() => {
    jupyter.lastWriteDisplayData = null;
  });

  it('sends each chart as a Vega-Lite v5 display after its title, and an empty panel as its reason', () => {
    const sent: DisplayMessage[] = [];
    jupyter.lastWriteDisplayData = (message) => sent.push(message);
    const display = kernelDisplay();
    expect(display).not.toBeNull();
    showDashboard(dashboard, display!);

    expect(sent.map((message) => Object.keys(message.data))).toEqual([
      ['text/markdown'],
      ['text/markdown'],
      [VEGA_LITE_MIME],
      ['text/markdown']
    ]);
    expect(sent[0].data['text/markdown']).toBe('## Business\nflights-delay · 2026-05-01T00:00:00.000Z → 2026-05-02T00:00:00.000Z');
    expect(sent[1].data['text/markdown']).toBe('### Predictions per day\nRequests answered');
    // The spec travels as the JSON object JupyterLab's renderer reads, not as a string, with a fixed width.
    expect(sent[2].data[VEGA_LITE_MIME]).toEqual({ ...dashboard.panels[0].spec, width: OUTPUT_CHART_WIDTH });
    expect(sent[3].data['text/markdown']).toBe('### Share of flights predicted late\n\n_no KPI is set on the deployment_');
  });

  it('finds no display while the kernel runs no cell, and then summarises the dashboard as text', () => {
    expect(kernelDisplay()).toBeNull();
    expect(dashboardSummary(dashboard)).toBe(
      [
        'Business: flights-delay, 2026-05-01T00:00:00.000Z → 2026-05-02T00:00:00.000Z',
        '- Predictions per day: a chart (shown in a notebook cell)',
        '- Share of flights predicted late: no KPI is set on the deployment'
      ].join('\n')
    );
  });
});
