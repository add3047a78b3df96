/**
 * Deployments end to end on both document stores: real HTTP, real onnxruntime through the pool's
 * worker threads, the prediction log in the store, and a restart that serves again what was stored.
 */
import { call, expectStatus } from '../testing/features';
import { registerVersion } from '../testing/registry';
import { storeTargets, type StartedStore } from '../testing/store-targets';
import { makeTempDir, type TempDir } from '../testing/temp-dir';
import { startTestServer, type TestServer } from '../testing/test-server';
import { matMulModel } from '../registry/testing/onnx-models';
import { deploy, eventually, predict, recordingRandom, revisionOf } from './deployments/testing/helpers';
import type { LoggedPrediction } from '@mlportal/contract';

const WEIGHTS: Record<number, number[]> = { 1: [0.5, -1, 2], 2: [1, 1, 1], 3: [2, 0, 0] };
const computed = (version: number, row: number[]) => row.reduce((sum, x, i) => sum + x * WEIGHTS[version][i], 0);

describe.each(storeTargets('serving'))('deployments on $name', (target) => {
  let started: StartedStore;
  let dataDir: TempDir;
  let server: TestServer;
  const draw = recordingRandom(20261128);
  const start = () =>
    startTestServer({
      env: { ...started.env, MLPORTAL_DATA_DIR: dataDir.path, MLPORTAL_SERVING_WORKERS: '1' },
      servingRandom: draw.random
    });
  const logged = async (name: string, role?: string): Promise<LoggedPrediction[]> => {
    await server.services.serving.predictions.flush();
    return expectStatus(await call(server, 'GET', `/api/v1/deployments/${name}/predictions?limit=1000${role ? `&role=${role}` : ''}`), 200)
      .predictions;
  };

  beforeAll(async () => {
    started = await target.start();
    dataDir = makeTempDir('serving');
    server = await start();
    expect(server.store.kind).toBe(target.name);
    for (const version of [1, 2, 3]) await registerVersion(server, 'delay', matMulModel(WEIGHTS[version]));
  });

  afterAll(async () => {
    await server?.stop();
    await started?.stop();
    dataDir?.remove();
  });

  it('deploys a registered version and answers what the model computes, logging every row under the id it returned', async () => {
    const created = expectStatus(await deploy(server, { name: 'delays', model: 'delay', version: 1, description: 'delay minutes' }), 201);
    expect(created).toMatchObject({
      name: 'delays',
      state: 'ready',
      traffic: [{ model: 'delay', version: 1, percent: 100 }],
      shadow: null,
      batching: { maxBatchSize: 32, maxQueueDelayMs: 2 },
      target: 'local',
      gate: { passed: true, checks: [] },
      revision: 1
    });

    const rows = [
      [1, 2, 3],
      [0, 0, 1]
    ];
    const answer = expectStatus(await predict(server, 'delays', { instances: rows }), 200);
    expect(answer.predictions).toEqual(rows.map((row) => computed(1, row)));
    expect(answer.outputs).toEqual({ Y: rows.map((row) => [computed(1, row)]) });
    expect(answer).toMatchObject({ model: 'delay', version: 1 });
    expect(new Set(answer.predictionIds).size).toBe(2);

    await server.services.serving.predictions.flush();
    for (const [i, id] of answer.predictionIds.entries()) {
      const stored = expectStatus(await call(server, 'GET', `/api/v1/predictions/${id}`), 200);
      expect(stored).toMatchObject({
        id,
        deployment: 'delays',
        model: 'delay',
        version: 1,
        role: 'primary',
        features: null,
        inputs: { X: rows[i] },
        entityKeys: null,
        outputs: { Y: computed(1, rows[i]) },
        prediction: computed(1, rows[i])
      });
    }
    expect((await logged('delays')).map((p) => p.id).sort()).toEqual([...answer.predictionIds].sort());
    expect((await call(server, 'GET', '/api/v1/predictions/pred_0000')).status).toBe(404);
  });

  it('refuses unknown models, versions and deployments by name, a taken name and a stale revision, storing nothing', async () => {
    const noModel = await deploy(server, { name: 'ghost', model: 'no-such-model', version: 1 });
    expect(noModel.status).toBe(404);
    expect(noModel.body.error.message).toContain('no-such-model');
    const noVersion = await deploy(server, { name: 'ghost', model: 'delay', version: 9 });
    expect(noVersion.status).toBe(404);
    expect(noVersion.body.error.message).toMatch(/delay.*9/);
    expect((await call(server, 'GET', '/api/v1/deployments/ghost')).status).toBe(404);
    expect((await predict(server, 'ghost', { instances: [[1, 2, 3]] })).status).toBe(404);

    expect((await deploy(server, { name: 'delays', model: 'delay', version: 2 })).status).toBe(409);
    const stale = await call(server, 'PATCH', '/api/v1/deployments/delays', { revision: 7, description: 'x' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_revision');
    expect(expectStatus(await call(server, 'GET', '/api/v1/deployments/delays'), 200).description).toBe('delay minutes');

    const badInput = await predict(server, 'delays', { instances: [[1, 2]] });
    expect(badInput.status).toBe(400);
    expect(badInput.body.error.message).toContain('X');
  });

  it('answers a dry run with the changes and stores nothing', async () => {
    const preview = expectStatus(
      await deploy(server, {
        name: 'preview',
        model: 'delay',
        version: 1,
        canary: { model: 'delay', version: 2, percent: 10 },
        dryRun: true
      }),
      200
    );
    expect(preview.deployment.traffic).toEqual([
      { model: 'delay', version: 1, percent: 90 },
      { model: 'delay', version: 2, percent: 10 }
    ]);
    expect(preview.changes).toContainEqual({ field: 'traffic', from: null, to: preview.deployment.traffic });
    expect(preview.gate.passed).toBe(true);
    expect((await call(server, 'GET', '/api/v1/deployments/preview')).status).toBe(404);

    const revision = await revisionOf(server, 'delays');
    const rollout = expectStatus(
      await call(server, 'POST', '/api/v1/deployments/delays/rollout', {
        revision,
        model: 'delay',
        version: 2,
        percent: 100,
        dryRun: true
      }),
      200
    );
    expect(rollout.changes).toEqual([
      { field: 'traffic', from: [{ model: 'delay', version: 1, percent: 100 }], to: [{ model: 'delay', version: 2, percent: 100 }] }
    ]);
    const after = expectStatus(await call(server, 'GET', '/api/v1/deployments/delays'), 200);
    expect(after).toMatchObject({ revision, traffic: [{ model: 'delay', version: 1, percent: 100 }] });
    expect(expectStatus(await call(server, 'GET', '/api/v1/deployments/delays/events'), 200).events.map((e: any) => e.type)).toEqual([
      'created'
    ]);
  });

  it('splits traffic 70/30 for a canary as the draws say, in the answers, the live figures and the log', async () => {
    expectStatus(await deploy(server, { name: 'split', model: 'delay', version: 1 }), 201);
    const rolled = expectStatus(
      await call(server, 'POST', '/api/v1/deployments/split/rollout', { revision: 1, model: 'delay', version: 2, percent: 30 }),
      200
    );
    expect(rolled.traffic).toEqual([
      { model: 'delay', version: 1, percent: 70 },
      { model: 'delay', version: 2, percent: 30 }
    ]);

    const versions: number[] = [];
    const expected: number[] = [];
    for (let i = 0; i < 200; i++) {
      const row = [i % 7, 1, (i % 3) - 1];
      const before = draw.draws.length;
      const answer = expectStatus(await predict(server, 'split', { instances: [row] }), 200);
      expect(draw.draws.length).toBe(before + 1);
      expected.push(draw.draws[before] * 100 < 70 ? 1 : 2);
      versions.push(answer.version);
      expect(answer.predictions).toEqual([computed(answer.version, row)]);
    }
    expect(versions).toEqual(expected);
    const count = (list: number[], v: number) => list.filter((x) => x === v).length;
    expect(count(expected, 2)).toBeGreaterThan(0);
    expect(count(expected, 1)).toBeGreaterThan(0);

    const stats = expectStatus(await call(server, 'GET', '/api/v1/deployments/split/stats'), 200);
    expect(stats.versions.map((v: any) => [v.version, v.role, v.percent, v.requests, v.errors])).toEqual([
      [1, 'primary', 70, count(expected, 1), 0],
      [2, 'canary', 30, count(expected, 2), 0]
    ]);
    const rows = await logged('split');
    expect(rows.filter((p) => p.version === 1 && p.role === 'primary')).toHaveLength(count(expected, 1));
    expect(rows.filter((p) => p.version === 2 && p.role === 'canary')).toHaveLength(count(expected, 2));
    expect(rows).toHaveLength(200);
  });

  it('sends a copy of every request to the shadow, logs its answers as shadow, and never returns them', async () => {
    expectStatus(await deploy(server, { name: 'shadowed', model: 'delay', version: 1, shadow: { model: 'delay', version: 3 } }), 201);
    const rows = [1, 2, 3, 4, 5].map((i) => [i, i + 1, 2]);
    const answers = [];
    for (const row of rows) answers.push(expectStatus(await predict(server, 'shadowed', { instances: [row] }), 200));
    expect(answers.map((a) => [a.version, a.predictions[0]])).toEqual(rows.map((row) => [1, computed(1, row)]));

    const shadows = await eventually('the shadow copies in the log', async () => {
      const found = await logged('shadowed', 'shadow');
      return found.length === rows.length ? found : undefined;
    });
    const primaries = await logged('shadowed', 'primary');
    for (const [i, answer] of answers.entries()) {
      const primary = primaries.find((p) => p.id === answer.predictionIds[0])!;
      const shadow = shadows.find((p) => p.requestId === primary.requestId)!;
      expect(shadow).toMatchObject({ role: 'shadow', version: 3, inputs: { X: rows[i] }, prediction: computed(3, rows[i]) });
      expect(answer.predictionIds).not.toContain(shadow.id);
    }
    const stats = expectStatus(await call(server, 'GET', '/api/v1/deployments/shadowed/stats'), 200);
    expect(stats.versions.find((v: any) => v.role === 'shadow')).toMatchObject({ version: 3, requests: rows.length });
  });

  it('rolls back to the traffic before each rollout, recording every step, until there is nothing left', async () => {
    let revision = await revisionOf(server, 'split');
    const full = expectStatus(
      await call(server, 'POST', '/api/v1/deployments/split/rollout', { revision, model: 'delay', version: 3, percent: 100 }),
      200
    );
    expect(full.traffic).toEqual([{ model: 'delay', version: 3, percent: 100 }]);
    expect(expectStatus(await predict(server, 'split', { instances: [[1, 1, 1]] }), 200).version).toBe(3);

    const back = expectStatus(await call(server, 'POST', '/api/v1/deployments/split/rollback', { revision: full.revision }), 200);
    expect(back.traffic).toEqual([
      { model: 'delay', version: 1, percent: 70 },
      { model: 'delay', version: 2, percent: 30 }
    ]);
    const first = expectStatus(await call(server, 'POST', '/api/v1/deployments/split/rollback', { revision: back.revision }), 200);
    expect(first.traffic).toEqual([{ model: 'delay', version: 1, percent: 100 }]);
    expect(expectStatus(await predict(server, 'split', { instances: [[1, 1, 1]] }), 200).version).toBe(1);
    const nothing = await call(server, 'POST', '/api/v1/deployments/split/rollback', { revision: first.revision });
    expect(nothing.status).toBe(409);
    expect(nothing.body.error.code).toBe('nothing_to_roll_back');
    revision = first.revision;
    const stale = await call(server, 'POST', '/api/v1/deployments/split/rollout', {
      revision: revision - 1,
      model: 'delay',
      version: 2,
      percent: 50
    });
    expect(stale.status).toBe(409);

    const events = expectStatus(await call(server, 'GET', '/api/v1/deployments/split/events'), 200).events;
    expect(events.map((e: any) => e.type)).toEqual(['rollback', 'rollback', 'rollout', 'rollout', 'created']);
    expect(events[0]).toMatchObject({
      by: expect.stringContaining('admin'),
      from: { traffic: back.traffic, shadow: null },
      to: { traffic: first.traffic, shadow: null }
    });
    expect(events[2]).toMatchObject({ from: { traffic: back.traffic }, to: { traffic: full.traffic }, gate: { passed: true } });
  });

  it('writes the log in batches: many predictions, fewer store writes', async () => {
    expectStatus(await deploy(server, { name: 'batched', model: 'delay', version: 2 }), 201);
    const batches: number[] = [];
    const stop = server.services.serving.predictions.onLogged((batch) => {
      const ours = batch.filter((p) => p.deployment === 'batched').length;
      if (ours > 0) batches.push(ours);
    });
    try {
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => predict(server, 'batched', { instances: [[i, 0, 0]] })));
      const big = expectStatus(await predict(server, 'batched', { instances: Array.from({ length: 1200 }, (_, i) => [i, 1, 0]) }), 200);
      await server.services.serving.predictions.flush();
      const ids = [...answers.flatMap((a) => expectStatus(a, 200).predictionIds as string[]), ...big.predictionIds];
      expect(batches.reduce((sum, n) => sum + n, 0)).toBe(1240);
      expect(batches.length).toBeLessThan(40);
      expect(Math.max(...batches)).toBeLessThanOrEqual(500);
      const stored = await server.services.serving.predictions.get(ids);
      expect(stored.map((p) => p.id)).toEqual(ids);
      expect(stored[40 + 1199]).toMatchObject({ inputs: { X: [1199, 1, 0] }, prediction: 1200 });
    } finally {
      stop();
    }
  });

  it('serves the stored deployments again after a restart', async () => {
    const before = expectStatus(await call(server, 'GET', '/api/v1/deployments'), 200).deployments;
    const oldId = expectStatus(await predict(server, 'delays', { instances: [[1, 2, 3]] }), 200).predictionIds[0];
    await server.stop();
    server = await start();
    const after = expectStatus(await call(server, 'GET', '/api/v1/deployments'), 200).deployments;
    expect(after.map((d: any) => [d.name, d.state, d.revision])).toEqual(before.map((d: any) => [d.name, 'ready', d.revision]));
    const shadowed = after.find((d: any) => d.name === 'shadowed');
    expect(shadowed.stats.versions.map((v: any) => [v.version, v.role, v.requests])).toEqual([
      [1, 'primary', 0],
      [3, 'shadow', 0]
    ]);
    expect(expectStatus(await predict(server, 'delays', { instances: [[1, 2, 3]] }), 200).predictions).toEqual([computed(1, [1, 2, 3])]);
    expect(expectStatus(await call(server, 'GET', `/api/v1/predictions/${oldId}`), 200).deployment).toBe('delays');

    const revision = await revisionOf(server, 'batched');
    expect((await call(server, 'DELETE', `/api/v1/deployments/batched?revision=${revision}`)).status).toBe(204);
    expect((await predict(server, 'batched', { instances: [[1, 2, 3]] })).status).toBe(404);
    expect((await call(server, 'GET', '/api/v1/deployments/batched/events')).status).toBe(404);
  });
});
