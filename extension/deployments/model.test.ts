/**
 * The deploy wizard's and the Deployments sidebar's models against a real backend (SQLite,
 * onnxruntime-node in the serving pool's workers, HTTP on 127.0.0.1): gate, review, deploy, a test
 * request, the sidebar's live figures, a rollout through the wizard, and rollback and delete with
 * the permissions that allow them.
 */
import { Client, onnx } from '@mlportal/sdk';
import { tokenWith } from '../../server/testing/features';
import { startTestServer, type TestServer } from '../../server/testing/test-server';
import { ConnectionModel } from '../connection/model';
import { DeploymentsModel } from './model';
import { DeployWizardModel } from './wizard/model';

const MODEL = 'flights-delay';
/** prediction = x1 + 2·x2 + 3·x3 + 4·x4 + 5·x5 + bias */
const linear = (bias: number) => onnx.fromLinearRegression({ weights: [[1], [2], [3], [4], [5], [bias]] });

/** Resolves once `ready` holds for the model's state. */
function until<T>(
  model: { state: T; stateChanged: { connect(fn: () => void): unknown; disconnect(fn: () => void): unknown } },
  ready: (state: T) => boolean,
  what: string
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (ready(model.state)) return resolve();
    const timer = setTimeout(() => {
      model.stateChanged.disconnect(check);
      reject(new Error(`never saw ${what}; state: ${JSON.stringify(model.state).slice(-1500)}`));
    }, 30_000);
    function check() {
      if (ready(model.state)) {
        clearTimeout(timer);
        model.stateChanged.disconnect(check);
        resolve();
      }
    }
    model.stateChanged.connect(check);
  });
}

describe('deployments in the extension, against a real backend', () => {
  let server: TestServer;
  let serviceToken: string;
  let engineerToken: string;
  const disposables: Array<{ dispose(): void }> = [];

  beforeAll(async () => {
    server = await startTestServer();
    serviceToken = await tokenWith(server, 'ml-service-engineer');
    engineerToken = await tokenWith(server, 'ml-engineer');
    const models = new Client({ url: server.url, token: engineerToken }).models;
    await models.register({ name: MODEL, onnx: linear(0.5), metrics: { rmse: 12, r2: 0.8 }, runId: null });
    await models.register({ name: MODEL, onnx: linear(10.5), metrics: { rmse: 11, r2: 0.85 }, runId: null });
    await models.register({ name: MODEL, onnx: linear(0), metrics: { rmse: 30, r2: 0.2 }, runId: null });
  });

  afterEach(() => {
    disposables.splice(0).forEach((item) => item.dispose());
  });

  afterAll(async () => {
    await server.stop();
  });

  async function connected(token: string): Promise<ConnectionModel> {
    const connection = new ConnectionModel({ backendUrl: server.url, token, pollIntervalSeconds: 0 });
    disposables.push(connection);
    await connection.refresh();
    return connection;
  }

  async function wizardFor(token: string): Promise<DeployWizardModel> {
    const wizard = new DeployWizardModel(await connected(token), { pollMs: 100 });
    disposables.push(wizard);
    return wizard;
  }

  it('deploys a version step by step, answers a test request, and the sidebar counts the traffic', async () => {
    const wizard = await wizardFor(serviceToken);
    await wizard.open(MODEL, 1);
    expect(wizard.state.choice).toMatchObject({ model: MODEL, version: 1, models: [MODEL] });
    expect(wizard.state.gate.rules).toEqual([
      { metric: 'r2', op: '>=', value: '0.8' },
      { metric: 'rmse', op: '<=', value: '12' }
    ]);
    expect(wizard.state.config.name).toBe('flights-delay');

    await wizard.next();
    expect(wizard.state.step).toBe('gate');
    expect(wizard.blocker()).toBe('Check the gate first.');
    await wizard.checkGate();
    expect(wizard.state.gate.result?.passed).toBe(true);
    await wizard.next();
    expect(wizard.state.step).toBe('configure');
    wizard.setConfig({ name: 'flights', maxBatchSize: '16' });
    expect(wizard.existingDeployment).toBeNull();

    await wizard.next();
    expect(wizard.state.step).toBe('review');
    expect(wizard.state.review.plan?.changes.find((change) => change.field === 'batching')?.to).toEqual({
      maxBatchSize: 16,
      maxQueueDelayMs: 2
    });

    await wizard.deploy();
    expect(wizard.state.step).toBe('live');
    expect(wizard.state.live.deployment).toMatchObject({
      name: 'flights',
      state: 'ready',
      traffic: [{ model: MODEL, version: 1, percent: 100 }]
    });
    expect(JSON.parse(wizard.state.live.request)).toEqual({ instances: [[0, 0, 0, 0, 0]] });

    wizard.setTestRequest('{"instances": [[1, 1, 1, 1, 1]]}');
    await wizard.sendTestRequest();
    expect(wizard.state.live.result).toMatchObject({
      predictions: [15.5],
      model: MODEL,
      version: 1,
      predictionIds: [expect.stringMatching(/^pred_/)]
    });
    await wizard.sendTestRequest();
    wizard.setTestRequest('{"instances": [[1, 1]]}');
    await wizard.sendTestRequest();
    expect(wizard.state.live.requestProblem?.status).toBe(400);
    expect(wizard.state.live.sent).toBe(2);

    // The live status follows while shown; the refused request counts, as an error.
    wizard.setVisible(true);
    await until(wizard, (state) => state.live.deployment?.stats.versions[0].requests === 3, 'three requests in the live figures');
    expect(wizard.state.live.deployment?.stats.versions[0]).toMatchObject({ errors: 1, p50Ms: expect.any(Number) });

    const sidebar = new DeploymentsModel(await connected(engineerToken), { pollMs: 100 });
    disposables.push(sidebar);
    await sidebar.start();
    const [listed] = sidebar.state.list.deployments;
    expect(listed).toMatchObject({
      name: 'flights',
      stats: { versions: [expect.objectContaining({ role: 'primary', requests: 3, errors: 1, percent: 100 })] }
    });
    expect(sidebar.state.permissions).toEqual({ manage: false, overrideGate: false, sendPredictions: true });
  });

  it('stops at a failed gate for a token that may not override it, and rolls a canary out through the wizard', async () => {
    const wizard = await wizardFor(serviceToken);
    await wizard.open(MODEL, 3);
    await wizard.next();
    await wizard.checkGate();
    // Version 3's own figures pass its default thresholds; production (none yet) adds nothing. Tighten one.
    wizard.setRule(0, { value: '0.5' });
    expect(wizard.state.gate.result).toBeNull();
    await wizard.checkGate();
    expect(wizard.state.gate.result?.passed).toBe(false);
    expect(wizard.blocker()).toBe('The gate failed: v3 cannot be deployed.');
    wizard.setOverrideReason('needed');
    expect(wizard.blocker()).toBe('The gate failed: v3 cannot be deployed.');

    await wizard.chooseModel(MODEL, 2);
    wizard.back();
    await wizard.next();
    await wizard.checkGate();
    await wizard.next();
    expect(wizard.state.step).toBe('configure');
    wizard.setConfig({ name: 'flights', canaryPercent: '10' });
    expect(wizard.existingDeployment?.name).toBe('flights');
    await wizard.next();
    expect(wizard.state.review.plan?.changes.find((change) => change.field === 'traffic')?.to).toEqual([
      { model: MODEL, version: 1, percent: 90 },
      { model: MODEL, version: 2, percent: 10 }
    ]);
    await wizard.deploy();
    expect(wizard.state.live.deployment?.traffic.map((entry) => entry.version)).toEqual([1, 2]);
  });

  it('rolls back and deletes from the sidebar only with deployments:manage', async () => {
    const sidebar = new DeploymentsModel(await connected(serviceToken), { pollMs: 100 });
    disposables.push(sidebar);
    await sidebar.start();
    await sidebar.toggleEvents('flights');
    expect(sidebar.state.events.flights.events.map((event) => event.type)).toEqual(['rollout', 'created']);

    await sidebar.rollback('flights');
    expect(sidebar.state.action.message).toBe('flights is rolled back: v1 100%.');
    expect(sidebar.state.list.deployments[0].traffic).toEqual([{ model: MODEL, version: 1, percent: 100 }]);
    expect(sidebar.state.events.flights.events[0].type).toBe('rollback');

    const readOnly = new DeploymentsModel(await connected(engineerToken));
    disposables.push(readOnly);
    await readOnly.start();
    await readOnly.delete('flights');
    expect(readOnly.state.action.problem).toMatchObject({ status: 403, message: expect.stringContaining('deployments:manage') });

    await sidebar.delete('flights');
    expect(sidebar.state.action.message).toBe('flights is deleted.');
    expect(sidebar.state.list.deployments).toEqual([]);
  });
});
