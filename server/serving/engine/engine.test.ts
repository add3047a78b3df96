import { onnx } from 'onnx-proto';
import { Registry } from 'prom-client';
import { addModel, garbageBytes, matMulModel } from '../../registry/testing/onnx-models';
import { InferencePool } from '../runtime/pool';
import { gatherModel } from '../runtime/testing/models';
import { ServingEngine } from './engine';
import type { EngineDeps, RoutingSpec, ServedRequest, VersionRef } from './types';

/** Model bytes by "model@version", as the registry would hand them out. */
function withFeatureNames(bytes: Uint8Array, names: string[]): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  model.metadataProps = [{ key: 'feature_names', value: JSON.stringify(names) }];
  return onnx.ModelProto.encode(model).finish();
}
const MODELS: Record<string, Uint8Array> = {
  'adder@1': addModel([1, 2, 3]),
  'adder@2': addModel([100, 200, 300]),
  'adder@3': withFeatureNames(addModel([0, 0, 0]), ['a', 'b', 'c']),
  'summer@1': matMulModel([1, 1, 1]),
  'gather@1': gatherModel(),
  'broken@1': garbageBytes()
};

interface Harness {
  engine: ServingEngine;
  served: ServedRequest[];
  registry: Registry;
  poolStarts: () => number;
  pool: () => Promise<InferencePool>;
  /** Resolves with the next served record of that role. */
  nextServed(role: ServedRequest['role']): Promise<ServedRequest>;
}

const engines: ServingEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

function harness(overrides: Partial<EngineDeps> = {}): Harness {
  const served: ServedRequest[] = [];
  const waiters: Array<{ role: ServedRequest['role']; resolve(record: ServedRequest): void }> = [];
  let starts = 0;
  let pool: Promise<InferencePool> | undefined;
  const registry = overrides.metrics ?? new Registry();
  const startPool = () => {
    starts++;
    pool = InferencePool.start({ workers: 1, intraOpThreads: 1, batching: { maxBatchSize: 8, maxQueueDelayMs: 2 } });
    return pool;
  };
  const engine = new ServingEngine({
    pool: startPool,
    modelBytes: async (ref: VersionRef) => {
      const bytes = MODELS[`${ref.model}@${ref.version}`];
      if (!bytes) throw new Error(`no model ${ref.model}@${ref.version}`);
      return bytes;
    },
    metrics: registry,
    onServed: (record) => {
      served.push(record);
      const at = waiters.findIndex((waiter) => waiter.role === record.role);
      if (at >= 0) waiters.splice(at, 1)[0].resolve(record);
    },
    ...overrides
  });
  engines.push(engine);
  return {
    engine,
    served,
    registry,
    poolStarts: () => starts,
    pool: () => pool!,
    nextServed: (role) => new Promise((resolve) => waiters.push({ role, resolve }))
  };
}

const spec = (name: string, traffic: RoutingSpec['traffic'], shadow: VersionRef | null = null): RoutingSpec => ({
  name,
  traffic,
  shadow,
  batching: { maxBatchSize: 8, maxQueueDelayMs: 2 }
});
const rows = (...values: number[][]) => ({ X: { type: 'float32', dims: [values.length, 3], data: values.flat() } });
const values = (data: ArrayLike<number | bigint | string>) => Array.from(data as ArrayLike<number>);

describe('ServingEngine', () => {
  test('an engine that never deploys starts no inference pool', async () => {
    const { engine, poolStarts } = harness();
    expect(engine.isReady('nothing')).toBe(false);
    expect(() => engine.stats('nothing')).toThrow(expect.objectContaining({ status: 404, code: 'deployment_not_found' }));
    await engine.close();
    expect(poolStarts()).toBe(0);
  });

  test('apply loads the version; infer answers the model’s math with one prediction id per row, reported through onServed', async () => {
    const { engine, served } = harness();
    const signatures = await engine.apply(spec('adding', [{ model: 'adder', version: 1, percent: 100 }]));
    expect(signatures.get('adder@1')?.inputs).toEqual([{ name: 'X', elementType: 'float32', shape: ['batch', 3] }]);
    expect(engine.isReady('adding')).toBe(true);
    expect(engine.isReady('adding', 1)).toBe(true);
    expect(engine.isReady('adding', 2)).toBe(false);

    const result = await engine.infer('adding', { feeds: rows([1, 1, 1], [0, -2, 10]), requestId: 'req-1' });

    expect(result).toMatchObject({ model: 'adder', version: 1, role: 'primary' });
    expect(values(result.outputs.Y.data)).toEqual([2, 3, 4, 1, 0, 13]);
    expect(result.predictionIds).toHaveLength(2);
    for (const id of result.predictionIds) expect(id).toMatch(/^pred_[0-9a-f]{20}$/);
    expect(new Set(result.predictionIds).size).toBe(2);
    expect(served).toHaveLength(1);
    expect(served[0]).toMatchObject({
      deployment: 'adding',
      model: 'adder',
      version: 1,
      role: 'primary',
      requestId: 'req-1',
      predictionIds: result.predictionIds,
      featureNames: null
    });
    expect(served[0].feeds.X.dims).toEqual([2, 3]);
    expect(values(served[0].outputs.Y.data)).toEqual([2, 3, 4, 1, 0, 13]);
  });

  test('metadata and feature names come from the served version', async () => {
    const { engine } = harness();
    await engine.apply(
      spec('named', [
        { model: 'adder', version: 3, percent: 90 },
        { model: 'summer', version: 1, percent: 10 }
      ])
    );

    expect(engine.metadata('named')).toEqual({
      name: 'named',
      versions: ['3', '1'],
      platform: 'onnxruntime_onnx',
      model: 'adder',
      version: 3,
      inputs: [{ name: 'X', elementType: 'float32', shape: ['batch', 3] }],
      outputs: [{ name: 'Y', elementType: 'float32', shape: ['batch', 3] }],
      featureNames: ['a', 'b', 'c']
    });
    expect(engine.metadata('named', 1)).toMatchObject({
      model: 'summer',
      version: 1,
      outputs: [{ name: 'Y', shape: ['batch', 1] }],
      featureNames: null
    });
    expect(engine.featureNames({ model: 'adder', version: 3 })).toEqual(['a', 'b', 'c']);
    expect(engine.featureNames({ model: 'adder', version: 1 })).toBeNull();
    expect(() => engine.metadata('named', 7)).toThrow(
      expect.objectContaining({
        status: 404,
        code: 'version_not_in_deployment',
        message: expect.stringMatching(/has no version 7; it serves versions 3, 1/)
      })
    );
    expect(() => engine.metadata('other')).toThrow(
      expect.objectContaining({ status: 404, code: 'deployment_not_found', message: expect.stringContaining('"other"') })
    );
    await expect(engine.infer('named', { version: 7, feeds: rows([1, 1, 1]) })).rejects.toMatchObject({
      code: 'version_not_in_deployment'
    });
  });

  test('the traffic split follows the random draw; a version may be addressed directly', async () => {
    const draws = [0.1, 0.69, 0.7, 0.95, 0.0, 0.999];
    const { engine } = harness({ random: () => draws.shift()! });
    await engine.apply(
      spec('split', [
        { model: 'adder', version: 1, percent: 70 },
        { model: 'adder', version: 2, percent: 30 }
      ])
    );

    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await engine.infer('split', { feeds: rows([0, 0, 0]) }));

    expect(answers.map((a) => `${a.version}:${a.role}`)).toEqual([
      '1:primary',
      '1:primary',
      '2:canary',
      '2:canary',
      '1:primary',
      '2:canary'
    ]);
    expect(values(answers[2].outputs.Y.data)).toEqual([100, 200, 300]);
    const addressed = await engine.infer('split', { version: 2, feeds: rows([1, 1, 1]) });
    expect(addressed).toMatchObject({ version: 2, role: 'canary' });
    expect(engine.stats('split').versions.map((v) => [v.version, v.role, v.percent, v.requests])).toEqual([
      [1, 'primary', 70, 3],
      [2, 'canary', 30, 4]
    ]);
  });

  test('the shadow runs after the caller has its answer, with its own prediction ids, and its failures never reach the caller', async () => {
    const { engine, served, nextServed, registry } = harness();
    await engine.apply(spec('shadowed', [{ model: 'adder', version: 1, percent: 100 }], { model: 'adder', version: 2 }));

    const shadowServed = nextServed('shadow');
    const result = await engine.infer('shadowed', { feeds: rows([1, 1, 1]), requestId: 'req-s' });
    expect(values(result.outputs.Y.data)).toEqual([2, 3, 4]);
    expect(served.map((r) => r.role)).toEqual(['primary']);
    const shadow = await shadowServed;
    expect(shadow).toMatchObject({ role: 'shadow', model: 'adder', version: 2, requestId: 'req-s' });
    expect(values(shadow.outputs.Y.data)).toEqual([101, 201, 301]);
    expect(shadow.predictionIds).toHaveLength(1);
    expect(shadow.predictionIds[0]).not.toBe(result.predictionIds[0]);

    // A shadow whose signature refuses the input (int64 [batch, 1]) fails on its own; the caller is answered.
    await engine.apply(spec('shadowed', [{ model: 'adder', version: 1, percent: 100 }], { model: 'gather', version: 1 }));
    const again = await engine.infer('shadowed', { feeds: rows([2, 2, 2]) });
    expect(values(again.outputs.Y.data)).toEqual([3, 4, 5]);
    await engine.close(); // waits for the shadow copy
    const stats = served.filter((r) => r.role === 'shadow');
    expect(stats).toHaveLength(1);
    const text = await registry.metrics();
    expect(text).toMatch(
      /mlportal_inference_requests_total\{deployment="shadowed",model="gather",version="1",role="shadow",outcome="invalid_input"\} 1/
    );
    expect(text).toMatch(
      /mlportal_inference_requests_total\{deployment="shadowed",model="adder",version="2",role="shadow",outcome="ok"\} 1/
    );
  });

  test('stats give requests, errors, the rate and latency percentiles over the last 60 s', async () => {
    let clock = 1_000_000;
    const { engine } = harness({ now: () => clock });
    await engine.apply(spec('counted', [{ model: 'adder', version: 1, percent: 100 }]));
    clock += 10_000;
    for (let i = 0; i < 5; i++) await engine.infer('counted', { feeds: rows([i, i, i]) });
    await expect(engine.infer('counted', { feeds: rows([Number.NaN, 0, 0]) })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_input'
    });

    const [figures] = engine.stats('counted').versions;
    expect(figures).toMatchObject({ model: 'adder', version: 1, role: 'primary', percent: 100, requests: 6, errors: 1 });
    expect(figures.ratePerSecond).toBeCloseTo(6 / 10, 3);
    expect(figures.p50Ms).toBeGreaterThan(0);
    expect(figures.p99Ms!).toBeGreaterThanOrEqual(figures.p50Ms!);
    expect(engine.stats('counted').windowSeconds).toBe(60);

    clock += 61_000; // the window has moved past every request; the totals stay
    expect(engine.stats('counted').versions[0]).toMatchObject({ requests: 6, errors: 1, ratePerSecond: 0, p50Ms: null, p99Ms: null });
  });

  test('a version that does not load leaves the old routing in place', async () => {
    const { engine, pool } = harness();
    await engine.apply(spec('stable', [{ model: 'adder', version: 1, percent: 100 }]));

    await expect(engine.apply(spec('stable', [{ model: 'broken', version: 1, percent: 100 }]))).rejects.toMatchObject({
      status: 422,
      code: 'model_does_not_load'
    });
    await expect(
      engine.apply(
        spec('stable', [
          { model: 'adder', version: 1, percent: 50 },
          { model: 'missing', version: 1, percent: 50 }
        ])
      )
    ).rejects.toThrow('no model missing@1');
    await expect(engine.apply(spec('stable', [{ model: 'adder', version: 1, percent: 60 }]))).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/add up to 60/)
    });

    expect((await engine.infer('stable', { feeds: rows([0, 0, 0]) })).version).toBe(1);
    expect((await pool()).isLoaded('broken@1')).toBe(false);
  });

  test('remove stops routing and unloads only versions no other deployment uses', async () => {
    const { engine, pool } = harness();
    await engine.apply(spec('first', [{ model: 'adder', version: 1, percent: 100 }], { model: 'summer', version: 1 }));
    await engine.apply(spec('second', [{ model: 'adder', version: 1, percent: 100 }]));
    const inference = await pool();

    await engine.remove('first');
    expect(inference.isLoaded('summer@1')).toBe(false);
    expect(inference.isLoaded('adder@1')).toBe(true);
    await expect(engine.infer('first', { feeds: rows([0, 0, 0]) })).rejects.toMatchObject({ status: 404, code: 'deployment_not_found' });
    expect((await engine.infer('second', { feeds: rows([0, 0, 0]) })).version).toBe(1);

    // Moving a deployment to another version unloads the one it left.
    await engine.apply(spec('second', [{ model: 'adder', version: 2, percent: 100 }]));
    expect(inference.isLoaded('adder@1')).toBe(false);
    await engine.remove('second');
    await engine.remove('second');
    expect(inference.isLoaded('adder@2')).toBe(false);
    expect(engine.served()).toEqual([]);
  });

  test('feeds may be resolved per version (entity keys), and the keys travel to onServed', async () => {
    const { engine, served } = harness();
    await engine.apply(spec('entities', [{ model: 'adder', version: 1, percent: 100 }]));
    const asked: string[] = [];
    const result = await engine.infer('entities', {
      entityKeys: [{ origin: 'SFO' }],
      resolveFeeds: async (ref, signature) => {
        asked.push(`${ref.model}@${ref.version}:${signature.inputs[0].name}`);
        return rows([5, 5, 5]);
      }
    });
    expect(values(result.outputs.Y.data)).toEqual([6, 7, 8]);
    expect(asked).toEqual(['adder@1:X']);
    expect(served[0].entityKeys).toEqual([{ origin: 'SFO' }]);
    await expect(engine.infer('entities', {})).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/neither inputs nor entity keys/)
    });
  });

  test('two engines on one metrics registry share the metrics instead of registering them twice', async () => {
    const registry = new Registry();
    const one = harness({ metrics: registry });
    const two = harness({ metrics: registry });
    await one.engine.apply(spec('one', [{ model: 'adder', version: 1, percent: 100 }]));
    await two.engine.apply(spec('two', [{ model: 'adder', version: 1, percent: 100 }]));
    await one.engine.infer('one', { feeds: rows([0, 0, 0], [1, 1, 1]) });
    await two.engine.infer('two', { feeds: rows([0, 0, 0]) });

    const text = await registry.metrics();
    expect(text).toMatch(/mlportal_inference_requests_total\{deployment="one",model="adder",version="1",role="primary",outcome="ok"\} 1/);
    expect(text).toMatch(/mlportal_inference_requests_total\{deployment="two",model="adder",version="1",role="primary",outcome="ok"\} 1/);
    expect(text).toMatch(
      /mlportal_inference_request_duration_seconds_count\{deployment="one",model="adder",version="1",role="primary"\} 1/
    );
    expect(text).toMatch(/mlportal_inference_batch_rows_sum\{model="adder",version="1"\} 3/);
  });
});
