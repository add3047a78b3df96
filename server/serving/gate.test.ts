/**
 * The deployment gate over HTTP: thresholds on a version's registered metrics, the comparison with
 * the production version, 422 with every check when it fails, and overrides only an admin may give.
 */
import { call, expectStatus, tokenWith } from '../testing/features';
import { registerVersion, transition } from '../testing/registry';
import { startTestServer, type TestServer } from '../testing/test-server';
import { matMulModel } from '../registry/testing/onnx-models';
import { deploy, predict, revisionOf } from './deployments/testing/helpers';

let server: TestServer;
let engineer: string;

const thresholds = [
  { metric: 'auc', op: '>=', value: 0.7 },
  { metric: 'val.loss', op: '<=', value: 0.4 }
];

beforeAll(async () => {
  server = await startTestServer({ env: { MLPORTAL_SERVING_WORKERS: '1' } });
  engineer = await tokenWith(server, 'ml-service-engineer');
  await registerVersion(server, 'churn', matMulModel([1, 0, 0]), { metrics: { auc: 0.8, 'val.loss': 0.3 } });
  await registerVersion(server, 'churn', matMulModel([0, 1, 0]), { metrics: { auc: 0.75, 'val.loss': 0.2 } });
  await registerVersion(server, 'churn', matMulModel([0, 0, 1]), { metrics: { auc: 0.9, 'val.loss': 0.25 } });
  expectStatus(await transition(server, 'churn', 1, 'production'), 200);
});

afterAll(async () => {
  await server?.stop();
});

describe('the deployment gate', () => {
  it('checks thresholds and, by default, the production version, naming what it expected and found', async () => {
    const gate = expectStatus(
      await call(server, 'POST', '/api/v1/deployments/gate', { model: 'churn', version: 2, thresholds }, engineer),
      200
    );
    expect(gate.passed).toBe(false);
    expect(gate.checks).toEqual([
      { metric: 'auc', kind: 'threshold', expected: '>= 0.7', actual: 0.75, passed: true },
      { metric: 'val.loss', kind: 'threshold', expected: '<= 0.4', actual: 0.2, passed: true },
      { metric: 'auc', kind: 'production', expected: '>= 0.8 (v1 in production)', actual: 0.75, passed: false },
      { metric: 'val.loss', kind: 'production', expected: '<= 0.3 (v1 in production)', actual: 0.2, passed: true }
    ]);
    const alone = expectStatus(
      await call(server, 'POST', '/api/v1/deployments/gate', { model: 'churn', version: 2, thresholds, compareToProduction: false }),
      200
    );
    expect(alone.passed).toBe(true);
    const missing = expectStatus(
      await call(server, 'POST', '/api/v1/deployments/gate', {
        model: 'churn',
        version: 3,
        thresholds: [{ metric: 'rmse', op: '<=', value: 1 }]
      }),
      200
    );
    expect(missing.checks).toEqual([{ metric: 'rmse', kind: 'threshold', expected: '<= 1', actual: null, passed: false }]);
    const unknown = await call(server, 'POST', '/api/v1/deployments/gate', { model: 'churn', version: 7, thresholds });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('7');
  });

  it('refuses a deployment whose gate fails with 422 and every check, storing nothing', async () => {
    const refused = await deploy(server, { name: 'churn', model: 'churn', version: 2, gate: { thresholds } }, engineer);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('gate_failed');
    expect(refused.body.error.details.checks).toHaveLength(4);
    expect(refused.body.error.message).toContain('auc >= 0.8 (v1 in production)');
    expect((await call(server, 'GET', '/api/v1/deployments/churn')).status).toBe(404);
  });

  it('lets only deployments:override-gate override a failed gate, and records who and why', async () => {
    const override = { reason: 'auc dip accepted for the lower loss' };
    const forbidden = await deploy(server, { name: 'churn', model: 'churn', version: 2, gate: { thresholds }, override }, engineer);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toContain('deployments:override-gate');
    expect((await call(server, 'GET', '/api/v1/deployments/churn')).status).toBe(404);

    const created = expectStatus(await deploy(server, { name: 'churn', model: 'churn', version: 2, gate: { thresholds }, override }), 201);
    expect(created.gate).toMatchObject({ passed: false, overriddenBy: expect.stringContaining('admin'), overrideReason: override.reason });
    const [event] = expectStatus(await call(server, 'GET', '/api/v1/deployments/churn/events'), 200).events;
    expect(event).toMatchObject({
      type: 'created',
      gate: created.gate,
      to: { traffic: [{ model: 'churn', version: 2, percent: 100 }], shadow: null }
    });
    expect(expectStatus(await predict(server, 'churn', { instances: [[1, 2, 3]] }), 200).predictions).toEqual([2]);
  });

  it('gates rollouts too: a failing canary changes nothing, a passing one goes out', async () => {
    const revision = await revisionOf(server, 'churn');
    const refused = await call(
      server,
      'POST',
      '/api/v1/deployments/churn/rollout',
      { revision, model: 'churn', version: 1, percent: 20, gate: { thresholds: [{ metric: 'auc', op: '>=', value: 0.85 }] } },
      engineer
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.checks[0]).toEqual({
      metric: 'auc',
      kind: 'threshold',
      expected: '>= 0.85',
      actual: 0.8,
      passed: false
    });
    expect(expectStatus(await call(server, 'GET', '/api/v1/deployments/churn'), 200)).toMatchObject({
      revision,
      traffic: [{ version: 2, percent: 100 }]
    });

    const rolled = expectStatus(
      await call(
        server,
        'POST',
        '/api/v1/deployments/churn/rollout',
        { revision, model: 'churn', version: 3, percent: 20, gate: { thresholds: [{ metric: 'auc', op: '>=', value: 0.85 }] } },
        engineer
      ),
      200
    );
    expect(rolled.traffic).toEqual([
      { model: 'churn', version: 2, percent: 80 },
      { model: 'churn', version: 3, percent: 20 }
    ]);
    expect(rolled.gate).toMatchObject({ passed: true });
    expect(rolled.gate.overriddenBy).toBeUndefined();
  });

  it('keeps deploying to ml-service-engineer and admin, and predictions away from business', async () => {
    const business = await tokenWith(server, 'business');
    const refused = await deploy(server, { name: 'other', model: 'churn', version: 3 }, business);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('deployments:manage');
    expect((await predict(server, 'churn', { instances: [[1, 2, 3]] }, business)).status).toBe(403);
    expect(
      expectStatus(await call(server, 'GET', '/api/v1/deployments', undefined, business), 200).deployments.map((d: any) => d.name)
    ).toEqual(['churn']);
  });
});
