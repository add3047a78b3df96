/**
 * The monitoring plugin's models against a real backend (SQLite, onnxruntime-node in the serving
 * pool's workers, HTTP on 127.0.0.1): a dashboard read for a time window, the labelling queue and a
 * label sent from it, what a business token may do there, and alert notifications polled once each.
 */
import type { Alert } from '@mlportal/sdk/core';
import { Client } from '@mlportal/sdk/core';
import { seedMonitoredDeployment, seedUnsureClassifier, type MonitoredDeployment } from '../../kernels/sdk/src/monitoring/test-support';
import type { Role } from '@mlportal/contract';
import { tokenWith } from '../../server/testing/features';
import { startTestServer, type TestServer } from '../../server/testing/test-server';
import { ConnectionModel } from '../connection/model';
import { AlertPoller, dashboardKindOf } from './alert-poller';
import { untranslated } from '../ui/untranslated';
import { DashboardModel } from './dashboard-model';
import { LabellingModel } from './labelling-model';

const DEPLOYMENT = 'flights-delay';
const CLASSIFIER = 'flights-late';

describe('monitoring in the extension, against a real backend', () => {
  let server: TestServer;
  let seeded: MonitoredDeployment;
  const disposables: Array<{ dispose(): void }> = [];

  beforeAll(async () => {
    server = await startTestServer({ env: { MLPORTAL_ALERT_INTERVAL_SECONDS: '0' } });
    const admin = new Client({ url: server.url, token: server.adminToken });
    seeded = await seedMonitoredDeployment(admin, { deployment: DEPLOYMENT, labelledRows: 60 });
    await seedUnsureClassifier(admin, { deployment: CLASSIFIER });
  }, 120_000);

  afterEach(() => {
    disposables.splice(0).forEach((item) => item.dispose());
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function connected(role: Role): Promise<ConnectionModel> {
    const connection = new ConnectionModel({ backendUrl: server.url, token: await tokenWith(server, role), pollIntervalSeconds: 0 });
    disposables.push(connection);
    await connection.refresh();
    return connection;
  }

  it('reads a dashboard for the chosen window, and says why one cannot be read', async () => {
    const now = new Date();
    const model = new DashboardModel(await connected('product-manager'), 'product', DEPLOYMENT, untranslated, () => now);
    disposables.push(model);
    await model.start();
    expect(model.state).toMatchObject({ kind: 'product', deployment: DEPLOYMENT, windowHours: 24, loading: false, problem: null });
    expect(model.state.dashboard).toMatchObject({
      kind: 'product',
      deployment: DEPLOYMENT,
      to: now.toISOString(),
      from: new Date(now.getTime() - 86_400_000).toISOString()
    });
    expect(model.state.dashboard?.panels.length).toBeGreaterThan(0);

    await model.setWindow(24 * 7);
    expect(model.state.dashboard?.from).toBe(new Date(now.getTime() - 7 * 86_400_000).toISOString());

    const missing = new DashboardModel(await connected('business'), 'business', 'no-such-deployment');
    disposables.push(missing);
    await missing.start();
    expect(missing.state.dashboard).toBeNull();
    expect(missing.state.problem).toMatchObject({ status: 404 });
    expect(missing.state.problem?.message).toContain('Reading the business dashboard of no-such-deployment failed');
  });

  it('sends a label typed for a prediction, and shows a business token the queue read-only', async () => {
    const analyst = new LabellingModel(await connected('data-analyst'), DEPLOYMENT, () => 20);
    disposables.push(analyst);
    await analyst.start();
    expect(analyst.state).toMatchObject({ mayLabel: true, loading: false, problem: null });
    // A regression model has no low-confidence queue: nothing waits.
    expect(analyst.state.items).toEqual([]);

    const unlabelled = seeded.predictionIds[seeded.predictionIds.length - 1];
    analyst.setDraft(unlabelled, '  ');
    await analyst.send(unlabelled);
    expect(analyst.state.sent).toBeNull();
    analyst.setDraft(unlabelled, '17.5');
    await analyst.send(unlabelled);
    expect(analyst.state).toMatchObject({ sent: { predictionId: unlabelled, label: '17.5' }, drafts: {}, sending: [], problem: null });
    const quality = await new Client({ url: server.url, token: server.adminToken }).monitoring.quality(DEPLOYMENT, { step: '1h' });
    expect(quality.series.reduce((sum, point) => sum + point.labelled, 0)).toBe(seeded.labelledIds.length + 1);

    const business = new LabellingModel(await connected('business'), DEPLOYMENT, () => 20);
    disposables.push(business);
    await business.start();
    expect(business.state.mayLabel).toBe(false);
    business.setDraft(unlabelled, '3');
    await business.send(unlabelled);
    expect(business.state.problem).toMatchObject({ status: 403 });
  });

  it("lists a classifier's low-confidence predictions to label, and a labelled one leaves the queue", async () => {
    const analyst = new LabellingModel(await connected('data-analyst'), CLASSIFIER, () => 10);
    disposables.push(analyst);
    await analyst.start();
    // The queue is filled as the log's batches are announced: read again until they have been.
    for (let attempt = 0; analyst.state.items.length === 0 && attempt < 50; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await analyst.refresh();
    }
    expect(analyst.state.items.length).toBeGreaterThan(0);
    expect(analyst.state.items.length).toBeLessThanOrEqual(10);
    for (const item of analyst.state.items) {
      expect(Math.abs(item.score - 0.5)).toBeLessThan(0.1);
      expect(Object.keys(item.features ?? {})).toEqual(['distance', 'dep_hour', 'taxi_out', 'carrier_delay_7d', 'origin_delay_7d']);
    }
    const [first] = analyst.state.items;
    analyst.setDraft(first.id, 'true');
    await analyst.send(first.id);
    expect(analyst.state.sent).toEqual({ predictionId: first.id, label: 'true' });
    expect(analyst.state.items.map((item) => item.id)).not.toContain(first.id);
    await analyst.refresh();
    expect(analyst.state.items.map((item) => item.id)).not.toContain(first.id);
  });

  it('announces each alert fired after it started, once, and points it at the right dashboard', async () => {
    const admin = new Client({ url: server.url, token: server.adminToken });
    const before = await admin.alerts.rules.create({ name: 'before', deployment: DEPLOYMENT, kind: 'drift', threshold: 0, window: '1d' });
    const earlier = (await admin.alerts.rules.evaluate(before.id)).alert;
    expect(earlier).toBeDefined();

    const announced: Alert[] = [];
    const connection = await connected('data-analyst');
    // Started just after that alert fired.
    const poller = new AlertPoller(connection.client, (alert) => announced.push(alert), new Date(Date.parse(earlier!.firedAt) + 1));
    disposables.push(poller);
    await poller.poll();
    expect(announced).toEqual([]);

    const drift = await admin.alerts.rules.create({
      name: 'distance drift',
      deployment: DEPLOYMENT,
      kind: 'drift',
      feature: 'distance',
      threshold: 0,
      window: '1d'
    });
    const latency = await admin.alerts.rules.create({
      name: 'slow',
      deployment: DEPLOYMENT,
      kind: 'latency-p99',
      threshold: 0,
      window: '1d'
    });
    expect((await admin.alerts.rules.evaluate(drift.id)).fired).toBe(true);
    expect((await admin.alerts.rules.evaluate(latency.id)).fired).toBe(true);
    await poller.poll();
    await poller.poll();
    expect(announced.map((alert) => [alert.ruleId, dashboardKindOf(alert)]).sort()).toEqual(
      [
        [drift.id, 'analyst'],
        [latency.id, 'product']
      ].sort()
    );
  });
});
