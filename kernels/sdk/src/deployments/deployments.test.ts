/**
 * The deployments API against the real backend (SQLite, onnxruntime-node in the serving pool's
 * worker threads, HTTP on 127.0.0.1): gate, dry run, deploy, predict, live figures, a canary
 * rollout and its rollback, the prediction log, edits, deletion, and the permissions on the way.
 */
import type { Role } from '@mlportal/contract';
import { rejectionOf } from '../../../../server/testing/rejection';
import { startTestServer, type TestServer } from '../../../../server/testing/test-server';
import { Client } from '../client';
import { modelsOf } from '../env';
import { MlportalApiError, MlportalError } from '../errors';
import { fromLinearRegression } from '../onnx/linear-regression';
import type { DeploymentsApi } from './api';
import { deploymentsOf } from './node';
import type { GateResult } from './types';

const MODEL = 'flights-delay';
const NAME = 'flights';
/** prediction = 1·x1 + 2·x2 + 3·x3 + 4·x4 + 5·x5 + 0.5 (version 1); version 2 adds 10 more. */
const weights = (bias: number) => [[1], [2], [3], [4], [5], [bias]];

/** The traffic split's next draw: 0.95 falls to the canary of a 90/10 split, 0.1 to the champion. */
let draw = 0.1;

const failure = (promise: Promise<unknown>): Promise<MlportalApiError> => rejectionOf(promise, MlportalApiError);

describe('the deployments API against the backend', () => {
  let server: TestServer;
  let serviceEngineer: DeploymentsApi;
  let engineer: DeploymentsApi;
  let business: DeploymentsApi;
  let admin: DeploymentsApi;

  beforeAll(async () => {
    server = await startTestServer({ servingRandom: () => draw });
    const clientFor = async (role: Role) =>
      new Client({ url: server.url, token: (await server.tokens.create({ name: role, roles: [role], createdBy: 'test' })).token });
    const engineerClient = await clientFor('ml-engineer');
    const models = modelsOf(engineerClient);
    await models.register({
      name: MODEL,
      onnx: fromLinearRegression({ weights: weights(0.5) }),
      metrics: { rmse: 12, r2: 0.8 },
      runId: null
    });
    await models.register({
      name: MODEL,
      onnx: fromLinearRegression({ weights: weights(10.5) }),
      metrics: { rmse: 11, r2: 0.85 },
      runId: null
    });
    await models.register({
      name: MODEL,
      onnx: fromLinearRegression({ weights: weights(0) }),
      metrics: { rmse: 30, r2: 0.2 },
      runId: null
    });
    serviceEngineer = deploymentsOf(await clientFor('ml-service-engineer'));
    engineer = engineerClient.deployments;
    business = deploymentsOf(await clientFor('business'));
    admin = deploymentsOf(new Client({ url: server.url, token: server.adminToken }));
  });

  afterAll(async () => {
    await server.stop();
  });

  it("checks a gate as a dry run: thresholds on the version's metrics", async () => {
    const passed = await business.gate({ model: MODEL, version: 1, thresholds: [{ metric: 'rmse', op: '<=', value: 15 }] });
    expect(passed.passed).toBe(true);
    expect(passed.checks).toEqual([expect.objectContaining({ metric: 'rmse', kind: 'threshold', actual: 12, passed: true })]);
    const failed = await business.gate({ model: MODEL, version: 3, thresholds: [{ metric: 'r2', op: '>=', value: 0.5 }] });
    expect(failed.passed).toBe(false);
    expect(failed.checks[0]).toMatchObject({ metric: 'r2', actual: 0.2, passed: false });
  });

  it('reviews a deployment without storing it, then deploys it and predicts through it', async () => {
    const spec = { name: NAME, model: MODEL, version: 1, gate: { thresholds: [{ metric: 'rmse', op: '<=' as const, value: 15 }] } };
    const plan = await serviceEngineer.plan(spec);
    expect(plan.deployment.traffic).toEqual([{ model: MODEL, version: 1, percent: 100 }]);
    expect(plan.changes.find((change) => change.field === 'traffic')).toEqual({
      field: 'traffic',
      from: null,
      to: [{ model: MODEL, version: 1, percent: 100 }]
    });
    expect(await business.list()).toEqual([]);

    const created = await serviceEngineer.create({ ...spec, description: 'departure delay' });
    expect(created).toMatchObject({
      name: NAME,
      state: 'ready',
      description: 'departure delay',
      createdBy: 'ml-service-engineer',
      batching: { maxBatchSize: 32 }
    });

    const answer = await engineer.predict(
      NAME,
      [
        [1, 1, 1, 1, 1],
        [0, 0, 0, 0, 2]
      ],
      { version: 1 }
    );
    expect(answer).toMatchObject({ model: MODEL, version: 1, predictions: [15.5, 10.5] });
    expect(answer.predictionIds).toEqual([expect.stringMatching(/^pred_/), expect.stringMatching(/^pred_/)]);
    expect((await engineer.predict(NAME, { instances: [[0, 0, 0, 0, 0]] })).predictions).toEqual([0.5]);

    const listed = await business.list();
    expect(listed.map((deployment) => deployment.name)).toEqual([NAME]);
    const stats = await business.stats(NAME);
    expect(stats.versions).toEqual([
      expect.objectContaining({ model: MODEL, version: 1, role: 'primary', percent: 100, requests: 2, errors: 0 })
    ]);
    expect((await business.get(NAME)).stats.versions[0].p50Ms).toEqual(expect.any(Number));
  });

  it('logs every predicted row under the id the caller got', async () => {
    const answer = await engineer.predict(NAME, [[2, 0, 0, 0, 0]]);
    await server.services.serving.predictions.flush();
    const logged = await engineer.prediction(answer.predictionIds[0]);
    expect(logged).toMatchObject({
      id: answer.predictionIds[0],
      deployment: NAME,
      model: MODEL,
      version: 1,
      role: 'primary',
      prediction: 2.5
    });
    const newest = await engineer.predictions(NAME, { limit: 1 });
    expect(newest.map((prediction) => prediction.id)).toEqual(answer.predictionIds);
  });

  it('refuses what the token may not do, naming the permission', async () => {
    const refused = await failure(engineer.create({ name: 'other', model: MODEL, version: 1 }));
    expect(refused.status).toBe(403);
    expect(refused.message).toContain('deployments:manage');
    const predict = await failure(business.predict(NAME, [[0, 0, 0, 0, 0]]));
    expect(predict.status).toBe(403);
    expect(predict.message).toContain('predictions:send');
  });

  it('refuses a failed gate with its checks, and a taken name', async () => {
    const refused = await failure(
      serviceEngineer.create({ name: 'weak', model: MODEL, version: 3, gate: { thresholds: [{ metric: 'r2', op: '>=', value: 0.5 }] } })
    );
    expect(refused.status).toBe(422);
    expect(refused.code).toBe('gate_failed');
    expect((refused.details as GateResult).checks[0]).toMatchObject({ metric: 'r2', passed: false });
    const overridden = await failure(
      serviceEngineer.create({
        name: 'weak',
        model: MODEL,
        version: 3,
        gate: { thresholds: [{ metric: 'r2', op: '>=', value: 0.5 }] },
        override: { reason: 'try' }
      })
    );
    expect(overridden.status).toBe(403);
    expect(overridden.message).toContain('deployments:override-gate');
    expect((await failure(serviceEngineer.create({ name: NAME, model: MODEL, version: 1 }))).status).toBe(409);
    expect((await business.list()).map((deployment) => deployment.name)).toEqual([NAME]);
  });

  it('lets an admin override a failed gate with a reason, recorded on the deployment', async () => {
    const created = await admin.create({
      name: 'weak',
      model: MODEL,
      version: 3,
      gate: { thresholds: [{ metric: 'r2', op: '>=', value: 0.5 }] },
      override: { reason: 'baseline for a test' }
    });
    expect(created.gate).toMatchObject({
      passed: false,
      overriddenBy: expect.stringContaining('admin'),
      overrideReason: 'baseline for a test'
    });
    await admin.delete('weak');
    expect((await failure(business.get('weak'))).status).toBe(404);
  });

  it('rolls a canary out beside the champion and back, recording both', async () => {
    const planned = await serviceEngineer.planRollout(NAME, { model: MODEL, version: 2, percent: 10 });
    expect(planned.changes.find((change) => change.field === 'traffic')?.to).toEqual([
      { model: MODEL, version: 1, percent: 90 },
      { model: MODEL, version: 2, percent: 10 }
    ]);
    const rolled = await serviceEngineer.rollout(NAME, { model: MODEL, version: 2, percent: 10 });
    expect(rolled.traffic).toEqual(planned.deployment.traffic);

    const served = [];
    for (const next of [0.95, 0.1, 0.5]) {
      draw = next;
      served.push((await engineer.predict(NAME, [[0, 0, 0, 0, 0]])).version);
    }
    expect(served).toEqual([2, 1, 1]);

    const back = await serviceEngineer.rollback(NAME);
    expect(back.traffic).toEqual([{ model: MODEL, version: 1, percent: 100 }]);
    const events = await business.events(NAME);
    expect(events.map((event) => event.type)).toEqual(['rollback', 'rollout', 'created']);
    expect((await failure(serviceEngineer.rollback(NAME))).code).toBe('nothing_to_roll_back');
  });

  it('edits a deployment under its revision, and refuses a stale one', async () => {
    const current = await business.get(NAME);
    const updated = await serviceEngineer.update(NAME, {
      batching: { maxBatchSize: 8, maxQueueDelayMs: 1 },
      shadow: { model: MODEL, version: 2 }
    });
    expect(updated).toMatchObject({ batching: { maxBatchSize: 8, maxQueueDelayMs: 1 }, shadow: { model: MODEL, version: 2 } });
    const stale = await failure(serviceEngineer.update(NAME, { description: 'late', revision: current.revision }));
    expect(stale.status).toBe(409);
    expect((await business.get(NAME)).description).toBe('departure delay');
  });

  it('checks names and inputs before asking', async () => {
    await expect(serviceEngineer.create({ name: 'Flights', model: MODEL, version: 1 })).rejects.toThrow(MlportalError);
    await expect(serviceEngineer.create({ name: 'Flights', model: MODEL, version: 1 })).rejects.toThrow(
      'deployment name "Flights" is not allowed'
    );
    await expect(engineer.predict(NAME, { rows: [] } as never)).rejects.toThrow(
      'predict takes rows (an array), { instances: [...] } or { entities: [...] }'
    );
  });

  it('deletes a deployment, after which it answers 404', async () => {
    await serviceEngineer.delete(NAME);
    expect((await failure(engineer.predict(NAME, [[0, 0, 0, 0, 0]]))).status).toBe(404);
    expect(await business.list()).toEqual([]);
  });
});
