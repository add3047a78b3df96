import path from 'node:path';
import { addModel, garbageBytes, matMulModel } from '../../registry/testing/onnx-models';
import { InferencePool } from './pool';
import { EXIT_SENTINEL, THROW_SENTINEL } from './testing/sentinels';
import { GATHER_TABLE, gatherModel } from './testing/models';
import type { Outputs } from './types';

const MISBEHAVING_WORKER = path.join(__dirname, 'testing', 'misbehaving-worker.ts');
const pools: InferencePool[] = [];

async function startPool(options: Parameters<typeof InferencePool.start>[0]): Promise<InferencePool> {
  const pool = await InferencePool.start(options);
  pools.push(pool);
  return pool;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

const rows = (...values: number[][]) => ({ X: { type: 'float32', dims: [values.length, 3], data: values.flat() } });
const valuesOf = (outputs: Outputs, name = 'Y') => Array.from(outputs[name].data as ArrayLike<number>);

describe('InferencePool', () => {
  test('runs a loaded version and answers the expected math, with its signature', async () => {
    const pool = await startPool({ workers: 1, intraOpThreads: 1 });
    const signature = await pool.load('add@1', addModel([1, 2, 3]));
    expect(signature.inputs).toEqual([{ name: 'X', elementType: 'float32', shape: ['batch', 3] }]);
    await pool.load('matmul@1', matMulModel([0.5, -1, 2]));

    const added = await pool.infer('add@1', rows([1, 1, 1], [0.5, -2, 10]));
    expect(added.Y.dims).toEqual([2, 3]);
    expect(valuesOf(added)).toEqual([2, 3, 4, 1.5, 0, 13]);

    const typed = await pool.infer('matmul@1', { X: { type: 'float32', dims: [1, 3], data: new Float32Array([2, 1, 0.5]) } });
    expect(typed.Y.dims).toEqual([1, 1]);
    expect(valuesOf(typed)).toEqual([2 * 0.5 - 1 + 0.5 * 2]);
  });

  test('load is idempotent per version key; unload makes the version unknown', async () => {
    const pool = await startPool({ workers: 2, intraOpThreads: 1 });
    const [first, second] = await Promise.all([pool.load('add@1', addModel()), pool.load('add@1', addModel([9, 9, 9]))]);
    expect(second).toEqual(first);
    expect(valuesOf(await pool.infer('add@1', rows([0, 0, 0])))).toEqual([1, 2, 3]);

    await pool.unload('add@1');
    expect(pool.isLoaded('add@1')).toBe(false);
    await expect(pool.infer('add@1', rows([0, 0, 0]))).rejects.toMatchObject({ status: 404, code: 'version_not_loaded' });
  });

  test('a model onnxruntime refuses is not loaded, and says why', async () => {
    const pool = await startPool({ workers: 1, intraOpThreads: 1 });
    await expect(pool.load('bad@1', garbageBytes())).rejects.toMatchObject({ status: 422, code: 'model_does_not_load' });
    expect(pool.isLoaded('bad@1')).toBe(false);
    await expect(pool.infer('bad@1', rows([0, 0, 0]))).rejects.toMatchObject({ code: 'version_not_loaded' });
  });

  test('parallel requests on a busy pool are answered correctly and stacked into batches of at most maxBatchSize rows', async () => {
    // No timer decides anything here (the delay is an hour): the 20 requests reach the batcher within
    // one turn of the event loop, before the worker can answer the first, so the batches are fixed.
    const pool = await startPool({ workers: 1, intraOpThreads: 1, batching: { maxBatchSize: 8, maxQueueDelayMs: 60 * 60 * 1000 } });
    await pool.load('add@1', addModel([1, 2, 3]));
    const requests = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? rows([i, i, i], [-i, 0, i]) : rows([i, 2 * i, 3 * i])));

    const answers = await Promise.all(requests.map((feeds) => pool.infer('add@1', feeds)));

    answers.forEach((outputs, i) => {
      const sent = requests[i].X.data;
      expect(outputs.Y.dims).toEqual([sent.length / 3, 3]);
      expect(valuesOf(outputs)).toEqual(sent.map((value, at) => value + [1, 2, 3][at % 3]));
    });
    // Rows of requests 0..19: 2 where i % 3 === 0, else 1. Request 0 finds the version idle and runs
    // alone; then 1–6, 7–12 and 13–18 fill 8 rows each (6 requests), and 19 goes alone: 5 runs.
    const stats = pool.stats('add@1');
    expect(stats).toEqual({ requests: 20, runs: 5, largestBatch: 6, queued: 0, inFlight: 0 });
    expect(pool.stats().runs).toBe(stats.runs);
  });

  test('a request that finds the version idle is not held back for the queue delay', async () => {
    const pool = await startPool({ workers: 2, intraOpThreads: 1, batching: { maxBatchSize: 64, maxQueueDelayMs: 60 * 60 * 1000 } });
    await pool.load('add@1', addModel());

    expect(valuesOf(await pool.infer('add@1', rows([1, 1, 1])))).toEqual([2, 3, 4]);
    expect(pool.stats('add@1')).toMatchObject({ requests: 1, runs: 1, largestBatch: 1, queued: 0, inFlight: 0 });

    // A second request that waits behind a running one is released when that run ends, not after an hour.
    const both = await Promise.all([pool.infer('add@1', rows([2, 2, 2])), pool.infer('add@1', rows([3, 3, 3]))]);
    expect(both.map((outputs) => valuesOf(outputs))).toEqual([
      [3, 4, 5],
      [4, 5, 6]
    ]);
  });

  test('bad input fails only its own request, with a message naming the input', async () => {
    const pool = await startPool({ workers: 1, intraOpThreads: 1, batching: { maxBatchSize: 16, maxQueueDelayMs: 5 } });
    await pool.load('add@1', addModel([1, 2, 3]));
    const bad = [
      { feeds: { X: { type: 'float32', dims: [1, 3], data: [1, Number.NaN, 3] } }, message: /input "X": element 1 is NaN/ },
      {
        feeds: { X: { type: 'float64', dims: [1, 3], data: [1, 2, 3] } },
        message: /input "X": element type "float64" given, the model expects float32/
      },
      { feeds: { X: { type: 'float32', dims: [1, 4], data: [1, 2, 3, 4] } }, message: /input "X": dimension 1 is 4, the model expects 3/ },
      { feeds: { X: { type: 'float32', dims: [3], data: [1, 2, 3] } }, message: /input "X": rank 1/ },
      { feeds: { X: { type: 'float32', dims: [2, 3], data: [1, 2, 3] } }, message: /input "X": 3 values given, dims \[2, 3\] need 6/ },
      { feeds: {}, message: /missing input "X"/ },
      {
        feeds: { X: { type: 'float32', dims: [1, 3], data: [1, 2, 3] }, Z: { type: 'float32', dims: [1], data: [1] } },
        message: /unknown input "Z"/
      }
    ];
    const good = [rows([1, 1, 1]), rows([2, 2, 2], [3, 3, 3]), rows([4, 4, 4])];

    const settled = await Promise.allSettled([...good, ...bad.map((b) => b.feeds)].map((feeds) => pool.infer('add@1', feeds as never)));

    good.forEach((feeds, i) => {
      const answer = settled[i];
      expect(answer.status).toBe('fulfilled');
      expect(valuesOf((answer as PromiseFulfilledResult<Outputs>).value)).toEqual(feeds.X.data.map((v, at) => v + [1, 2, 3][at % 3]));
    });
    bad.forEach((b, i) => {
      const answer = settled[good.length + i] as PromiseRejectedResult;
      expect(answer.status).toBe('rejected');
      expect(answer.reason).toMatchObject({ status: 400, code: 'invalid_input' });
      expect(answer.reason.message).toMatch(b.message);
    });
  });

  test('a batch the model cannot run is retried request by request, so only the bad request fails', async () => {
    const pool = await startPool({ workers: 1, intraOpThreads: 1, batching: { maxBatchSize: 16, maxQueueDelayMs: 5 } });
    await pool.load('gather@1', gatherModel());
    const index = (i: number) => ({ X: { type: 'int64', dims: [1, 1], data: [i] } });

    // The first request runs alone (idle); the next three wait for it and go as one batch, which fails on index 7.
    const settled = await Promise.allSettled([0, 1, 7, 4].map((i) => pool.infer('gather@1', index(i))));

    expect(settled.map((answer) => answer.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(valuesOf((settled[1] as PromiseFulfilledResult<Outputs>).value)).toEqual([GATHER_TABLE[1]]);
    expect(valuesOf((settled[3] as PromiseFulfilledResult<Outputs>).value)).toEqual([GATHER_TABLE[4]]);
    expect((settled[2] as PromiseRejectedResult).reason).toMatchObject({ status: 422, code: 'inference_failed' });
    // 1 alone + 1 failed batch of 3 + 3 retried alone.
    expect(pool.stats('gather@1')).toMatchObject({ requests: 4, runs: 5, largestBatch: 3 });
  });

  test.each([
    ['process.exit', EXIT_SENTINEL],
    ['an uncaught error', THROW_SENTINEL]
  ])('a worker that dies by %s is replaced with its models; the request on it gets an error, not a hang', async (_how, sentinel) => {
    const pool = await startPool({ workers: 1, intraOpThreads: 1, workerScript: MISBEHAVING_WORKER });
    await pool.load('add@1', addModel([1, 2, 3]));
    await pool.load('matmul@1', matMulModel([1, 1, 1]));

    await expect(pool.infer('add@1', rows([sentinel, 0, 0]))).rejects.toMatchObject({ status: 503, code: 'worker_crashed' });

    // The replacement has both versions loaded again; requests sent while it starts wait for it.
    expect(valuesOf(await pool.infer('add@1', rows([1, 1, 1])))).toEqual([2, 3, 4]);
    expect(valuesOf(await pool.infer('matmul@1', rows([1, 2, 3])))).toEqual([6]);
    expect(pool.stats()).toMatchObject({ workers: 1, workerRestarts: 1 });
    expect(pool.liveWorkers()).toBe(1);
  });

  test('close() rejects what is queued and what is running, and leaves no worker thread running', async () => {
    const pool = await startPool({ workers: 2, intraOpThreads: 1, batching: { maxBatchSize: 1, maxQueueDelayMs: 0 } });
    expect(pool.liveWorkers()).toBe(2);
    await pool.load('add@1', addModel());
    const pending = Promise.allSettled(Array.from({ length: 10 }, () => pool.infer('add@1', rows([1, 2, 3]))));
    // Only microtasks run in this loop, so no worker's answer can arrive: every request reaches the
    // batcher, one runs on each worker, and the other eight wait.
    for (let turn = 0; turn < 1000 && pool.stats('add@1').requests < 10; turn++) await Promise.resolve();
    expect(pool.stats('add@1')).toMatchObject({ requests: 10, inFlight: 2, queued: 8 });

    await pool.close();

    const outcomes = await pending;
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(10).fill('rejected'));
    for (const outcome of outcomes) expect((outcome as PromiseRejectedResult).reason).toMatchObject({ code: 'inference_pool_closed' });
    expect(pool.liveWorkers()).toBe(0);
    // A live worker thread shows up as its MessagePort among the process's active resources.
    expect(process.getActiveResourcesInfo().filter((resource) => resource === 'MessagePort')).toEqual([]);
    await expect(pool.infer('add@1', rows([1, 2, 3]))).rejects.toMatchObject({ code: 'inference_pool_closed' });
    await expect(pool.load('add@2', addModel())).rejects.toMatchObject({ code: 'inference_pool_closed' });
  });
});
