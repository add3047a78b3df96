/**
 * Monitoring from the SDK against the real backend (SQLite, HTTP on 127.0.0.1, real onnxruntime
 * through serving's workers): a deployed flights model with a training set in its lineage, traffic
 * from a later period and late labels; then dashboards (data and in a cell's output), drift, quality,
 * settings, labels, alert rules and alerts, and what a business token may not do.
 */
import { startTestServer, type TestServer } from '../../../../server/testing/test-server';
import { Client } from '../client';
import { MlportalApiError, MlportalError } from '../errors';
import { withFixedWidth } from './chart-width';
import { OUTPUT_CHART_WIDTH, type CellDisplay } from './display';
import { monitoringOf } from './node';
import { specDataRows } from './spec-rows';
import { FLIGHT_FEATURES, seedMonitoredDeployment, type MonitoredDeployment } from './test-support';
import { DASHBOARD_KINDS, VEGA_LITE_MIME } from './types';

async function refusal(promise: Promise<unknown>): Promise<MlportalApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(MlportalApiError);
  return error as MlportalApiError;
}

describe('monitoring through the SDK', () => {
  let server: TestServer;
  let client: Client;
  let seeded: MonitoredDeployment;

  beforeAll(async () => {
    server = await startTestServer({ env: { MLPORTAL_ALERT_INTERVAL_SECONDS: '0' } });
    client = new Client({ url: server.url, token: server.adminToken });
    seeded = await seedMonitoredDeployment(client, { deployment: 'flights-delay' });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('reads each dashboard as Vega-Lite panels with data, and draws one in a cell output', async () => {
    for (const kind of DASHBOARD_KINDS) {
      const dashboard = await client.monitoring.dashboardData(kind, { deployment: 'flights-delay' });
      expect(dashboard).toMatchObject({ kind, deployment: 'flights-delay' });
      expect(dashboard.panels.length).toBeGreaterThan(0);
      const drawn = dashboard.panels.filter((panel) => !panel.empty);
      expect(drawn.length).toBeGreaterThan(0);
      for (const panel of drawn) expect(specDataRows(panel.spec)).toBeGreaterThan(0);
    }

    const shown: Array<{ type: string; data: unknown }> = [];
    const display: CellDisplay = {
      markdown: (text) => shown.push({ type: 'text/markdown', data: text }),
      raw: (type, data) => shown.push({ type, data })
    };
    await monitoringOf(client).dashboard('business', { deployment: 'flights-delay', from: new Date(Date.now() - 86_400_000) }, { display });
    const business = await client.monitoring.dashboardData('business', { deployment: 'flights-delay' });
    const charts = shown.filter((item) => item.type === VEGA_LITE_MIME).map((item) => item.data);
    expect(charts).toEqual(business.panels.filter((panel) => !panel.empty).map((panel) => withFixedWidth(panel.spec, OUTPUT_CHART_WIDTH)));
    for (const panel of business.panels)
      expect(shown.some((item) => item.type === 'text/markdown' && String(item.data).includes(panel.title))).toBe(true);
  });

  it('refuses an unknown dashboard kind and a missing deployment before asking the backend', () => {
    expect(() => client.monitoring.dashboardData('finance' as never, { deployment: 'flights-delay' })).toThrow(
      'the dashboard kind must be one of analyst, product, business; got "finance"'
    );
    expect(() => client.monitoring.dashboardData('analyst', {} as never)).toThrow(MlportalError);
    expect(() => client.monitoring.dashboardData('analyst', { deployment: 'x', from: 'yesterday' })).toThrow(
      'from must be a Date or an ISO 8601 time'
    );
  });

  it("reports drift of the later period's traffic against the training set", async () => {
    const report = await client.monitoring.drift('flights-delay');
    expect(report).toMatchObject({
      deployment: 'flights-delay',
      model: seeded.model,
      version: seeded.version,
      reference: { trainingSetId: seeded.trainingSetId, rows: 300 }
    });
    expect(report.window.rows).toBe(seeded.predictionIds.length);
    expect(report.features.map((feature) => feature.feature).sort()).toEqual([...FLIGHT_FEATURES].sort());
    const distance = report.features.find((feature) => feature.feature === 'distance');
    // At most 1,000 reference rows: the two-sample KS test, drifted at p < 0.05.
    expect(distance).toMatchObject({ type: 'numeric', method: 'ks', drifted: true });
    expect(report.drifted).toBeGreaterThanOrEqual(1);
  });

  it('turns late labels into a regression quality curve', async () => {
    const quality = await client.monitoring.quality('flights-delay', { step: '1h' });
    expect(quality.task).toBe('regression');
    const labelled = quality.series.reduce((sum, point) => sum + point.labelled, 0);
    expect(labelled).toBe(seeded.labelledIds.length);
    const withError = quality.series.filter((point) => point.labelled > 0);
    expect(withError.length).toBeGreaterThan(0);
    for (const point of withError) {
      expect(point.rmse).toBeGreaterThan(0);
      expect(point.mae).toBeGreaterThan(0);
    }
  });

  it('replaces a label sent twice, refuses an unknown prediction whole, and checks labels before sending', async () => {
    const [first] = seeded.labelledIds;
    expect(await client.labels.send([{ predictionId: first, label: 12.5 }])).toEqual({ accepted: 1 });
    const unknown = await refusal(
      client.labels.send([
        { predictionId: seeded.predictionIds[200], label: 1 },
        { predictionId: 'pred_00000000000000000000', label: 3 }
      ])
    );
    expect(unknown.status).toBe(404);
    expect(unknown.message).toContain('pred_00000000000000000000');
    const quality = await client.monitoring.quality('flights-delay', { step: '1h' });
    expect(quality.series.reduce((sum, point) => sum + point.labelled, 0)).toBe(seeded.labelledIds.length);

    await expect(client.labels.send([])).rejects.toThrow('labels.send needs a non-empty array');
    await expect(client.labels.send([{ predictionId: first, label: Number.NaN }])).rejects.toThrow(
      'labels[0] must be { predictionId: string, label: number | string | boolean }'
    );
  });

  it('reads and changes the monitoring settings, guarded by their revision', async () => {
    const config = await client.monitoring.config('flights-delay');
    expect(config).toMatchObject({ deployment: 'flights-delay', task: 'regression' });
    const changed = await client.monitoring.setConfig('flights-delay', { sloP99Ms: 250 });
    expect(changed).toMatchObject({ sloP99Ms: 250, revision: config.revision + 1 });
    const stale = await refusal(client.monitoring.setConfig('flights-delay', { sloP99Ms: 300, revision: config.revision }));
    expect(stale.status).toBe(409);
    expect((await client.monitoring.config('flights-delay')).sloP99Ms).toBe(250);
    expect(Array.isArray(await client.monitoring.labellingQueue('flights-delay', { limit: 10 }))).toBe(true);
  });

  it('creates, lists, evaluates and deletes an alert rule, and lists the alert it fired', async () => {
    const rule = await client.alerts.rules.create({
      name: 'distance drift',
      deployment: 'flights-delay',
      kind: 'drift',
      feature: 'distance',
      threshold: 0,
      window: '1d'
    });
    expect(rule).toMatchObject({ deployment: 'flights-delay', kind: 'drift', enabled: true, cooldownMinutes: 60 });
    expect((await client.alerts.rules.list()).map((listed) => listed.id)).toContain(rule.id);
    const evaluation = await client.alerts.rules.evaluate(rule.id);
    expect(evaluation.fired).toBe(true);
    const alerts = await client.alerts.list({ deployment: 'flights-delay', since: new Date(Date.now() - 3_600_000) });
    expect(alerts.map((alert) => alert.ruleId)).toContain(rule.id);
    const disabled = await client.alerts.rules.update(rule.id, { enabled: false });
    expect(disabled).toMatchObject({ enabled: false, revision: rule.revision + 1 });
    await client.alerts.rules.delete(rule.id);
    expect((await client.alerts.rules.list()).map((listed) => listed.id)).not.toContain(rule.id);
  });

  it('lets a business token read the dashboards and nothing more', async () => {
    const business = new Client({
      url: server.url,
      token: (await server.tokens.create({ name: 'board', roles: ['business'], createdBy: 'test' })).token
    });
    expect((await business.monitoring.dashboardData('business', { deployment: 'flights-delay' })).panels.length).toBeGreaterThan(0);
    expect((await refusal(business.labels.send([{ predictionId: seeded.predictionIds[0], label: 3 }]))).status).toBe(403);
    expect((await refusal(business.monitoring.setConfig('flights-delay', { sloP99Ms: 10, revision: 1 }))).status).toBe(403);
    expect(
      (await refusal(business.alerts.rules.create({ name: 'x', deployment: 'flights-delay', kind: 'rmse', threshold: 1, window: '1h' })))
        .status
    ).toBe(403);
  });
});
