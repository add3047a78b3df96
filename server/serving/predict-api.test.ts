/**
 * The JSON predict form's edges and reconfiguring a deployment: instances by input name, bodies too
 * large or not JSON, and PATCH changing shadow, batching and KPI, recorded as an event.
 */
import { call, expectStatus } from '../testing/features';
import { registerVersion } from '../testing/registry';
import { startTestServer, type TestServer } from '../testing/test-server';
import { addModel, matMulModel } from '../registry/testing/onnx-models';
import { deploy, eventually, predict, revisionOf } from './deployments/testing/helpers';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { MLPORTAL_SERVING_WORKERS: '1', MLPORTAL_MAX_PREDICT_BYTES: '4096' } });
  await registerVersion(server, 'adder', addModel([1, 2, 3]));
  await registerVersion(server, 'adder', addModel([10, 20, 30]));
  await registerVersion(server, 'dot', matMulModel());
  expectStatus(await deploy(server, { name: 'adder', model: 'adder', version: 1 }), 201);
});

afterAll(async () => {
  await server?.stop();
});

describe('the JSON predict form', () => {
  it('takes instances as rows or as objects by input name, and answers every output row by row', async () => {
    const byRow = expectStatus(
      await predict(server, 'adder', {
        instances: [
          [1, 1, 1],
          [0, 0, 0]
        ]
      }),
      200
    );
    expect(byRow.predictions).toEqual([
      [2, 3, 4],
      [1, 2, 3]
    ]);
    expect(byRow.outputs).toEqual({ Y: byRow.predictions });
    const byName = expectStatus(await predict(server, 'adder', { instances: [{ X: [1, 1, 1] }] }), 200);
    expect(byName.predictions).toEqual([[2, 3, 4]]);
    const unknown = await predict(server, 'adder', { instances: [{ Z: [1, 1, 1] }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('"Z"');
    const ragged = await predict(server, 'adder', {
      instances: [
        [1, 1, 1],
        [1, 1]
      ]
    });
    expect(ragged.status).toBe(400);
    expect(ragged.body.error.message).toContain('instances[1]');
  });

  it('addresses one version of the deployment when asked, and 404s a version it does not serve', async () => {
    const revision = await revisionOf(server, 'adder');
    expectStatus(
      await call(server, 'POST', '/api/v1/deployments/adder/rollout', { revision, model: 'adder', version: 2, percent: 50 }),
      200
    );
    const second = expectStatus(await predict(server, 'adder', { instances: [[0, 0, 0]], version: 2 }), 200);
    expect(second).toMatchObject({ version: 2, predictions: [[10, 20, 30]] });
    const missing = await predict(server, 'adder', { instances: [[0, 0, 0]], version: 5 });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('5');
  });

  it('refuses a body over MLPORTAL_MAX_PREDICT_BYTES with 413, and one that is not JSON with 400', async () => {
    const rows = Array.from({ length: 400 }, () => [1.5, 2.5, 3.5]);
    const tooBig = await predict(server, 'adder', { instances: rows });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.message).toContain('MLPORTAL_MAX_PREDICT_BYTES');
    const response = await server.request('/api/v1/deployments/adder/predict', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"instances": ['
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error.code).toBe('invalid_json');
  });
});

describe('reconfiguring a deployment', () => {
  it('changes shadow, batching and KPI at the revision read, and records what changed', async () => {
    expectStatus(await deploy(server, { name: 'dot', model: 'dot', version: 1 }), 201);
    const kpi = { label: 'share predicted above 1', output: 'Y', op: '>', value: 1 };
    const updated = expectStatus(
      await call(server, 'PATCH', '/api/v1/deployments/dot', {
        revision: 1,
        shadow: { model: 'adder', version: 1 },
        batching: { maxBatchSize: 8 },
        kpi
      }),
      200
    );
    expect(updated).toMatchObject({
      revision: 2,
      shadow: { model: 'adder', version: 1 },
      batching: { maxBatchSize: 8, maxQueueDelayMs: 2 },
      kpi
    });
    const [event] = expectStatus(await call(server, 'GET', '/api/v1/deployments/dot/events'), 200).events;
    expect(event).toMatchObject({
      type: 'updated',
      note: 'changed shadow, batching, kpi',
      from: { shadow: null },
      to: { shadow: { model: 'adder', version: 1 } }
    });

    // The shadow (another signature) runs on the same rows: its answers are logged, never returned.
    const answer = expectStatus(await predict(server, 'dot', { instances: [[1, 1, 1]] }), 200);
    expect(answer.predictions).toEqual([1.5]);
    const shadow = await eventually('the shadow copy', async () => {
      await server.services.serving.predictions.flush();
      const [found] = await server.services.serving.predictions.list('dot', { limit: 10, role: 'shadow' });
      return found;
    });
    expect(shadow).toMatchObject({ model: 'adder', version: 1, outputs: { Y: [2, 3, 4] } });

    const cleared = expectStatus(await call(server, 'PATCH', '/api/v1/deployments/dot', { revision: 2, shadow: null, kpi: null }), 200);
    expect(cleared).toMatchObject({ revision: 3, shadow: null, kpi: null });
    const unknownShadow = await call(server, 'PATCH', '/api/v1/deployments/dot', { revision: 3, shadow: { model: 'adder', version: 9 } });
    expect(unknownShadow.status).toBe(404);
    expect((await call(server, 'PATCH', '/api/v1/deployments/dot', { revision: 3, replicas: { min: 3, max: 2 } })).status).toBe(400);
  });
});
