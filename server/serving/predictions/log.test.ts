import path from 'node:path';
import { createLogger } from '../../platform/logging';
import { openStore, type DocumentStore } from '../../platform/store';
import { LogCapture } from '../../testing/test-server';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import type { ServedRequest } from '../engine';
import { PredictionLog, type PredictionLogOptions } from './log';
import type { LoggedPrediction } from '@mlportal/contract';

let dir: TempDir;
let store: DocumentStore;
let capture: LogCapture;

beforeEach(async () => {
  dir = makeTempDir('prediction-log');
  store = await openStore({ kind: 'sqlite', path: path.join(dir.path, 'store.sqlite') });
  capture = new LogCapture();
});

afterEach(async () => {
  await store.close();
  dir.remove();
});

async function openLog(options: PredictionLogOptions = {}): Promise<{ log: PredictionLog; batches: LoggedPrediction[][] }> {
  // A long interval: only flush() (or a full batch) writes, so each test decides when.
  const log = new PredictionLog(store, createLogger({ level: 'debug', destination: capture }), { flushIntervalMs: 60_000, ...options });
  await log.prepare();
  const batches: LoggedPrediction[][] = [];
  log.onLogged((batch) => batches.push(batch));
  return { log, batches };
}

let requestCount = 0;
/** A served request of `rows` rows for a model taking [rows, 3] floats named a, b, c and answering [rows, 1]. */
function served(rows: number, extra: Partial<ServedRequest> = {}): ServedRequest {
  const request = `req_${++requestCount}`;
  return {
    deployment: 'flights',
    model: 'delay',
    version: 2,
    role: 'primary',
    requestId: request,
    predictionIds: Array.from({ length: rows }, (_, row) => `pred_${request}_${row}`),
    feeds: { input: { type: 'float32', dims: [rows, 3], data: Float32Array.from({ length: rows * 3 }, (_, i) => i) } },
    outputs: { variable: { type: 'float32', dims: [rows, 1], data: Float32Array.from({ length: rows }, (_, row) => row / 2) } },
    latencyMs: 1.25,
    at: new Date('2026-03-01T12:00:00.000Z'),
    featureNames: ['a', 'b', 'c'],
    ...extra
  };
}

describe('the prediction log', () => {
  it('stores one document per row, by feature name, and tells listeners once stored', async () => {
    const { log, batches } = await openLog();
    log.record(served(2, { entityKeys: [{ origin: 'SFO' }, { origin: 'LAX' }] }));
    expect(await log.list('flights', { limit: 10 })).toEqual([]);
    await log.flush();

    const ids = [`pred_req_${requestCount}_0`, `pred_req_${requestCount}_1`];
    const stored = await log.get(ids);
    expect(stored[1]).toEqual({
      id: ids[1],
      deployment: 'flights',
      model: 'delay',
      version: 2,
      role: 'primary',
      requestId: `req_${requestCount}`,
      at: '2026-03-01T12:00:00.000Z',
      latencyMs: 1.25,
      features: { a: 3, b: 4, c: 5 },
      inputs: null,
      entityKeys: { origin: 'LAX' },
      outputs: { variable: 0.5 },
      prediction: 0.5
    });
    expect(batches).toEqual([stored]);
  });

  it('logs the inputs themselves (by their names, "." included) when the version has no feature names, truncating long rows', async () => {
    const { log } = await openLog();
    const rows = 2;
    log.record(
      served(rows, {
        featureNames: null,
        feeds: {
          'input.1': { type: 'float32', dims: [rows, 2, 2], data: Float32Array.from([1, 2, 3, Number.NaN, 5, 6, 7, 8]) },
          image: { type: 'float32', dims: [rows, 300], data: new Float32Array(rows * 300) }
        },
        outputs: { 'label.0': { type: 'int64', dims: [rows], data: BigInt64Array.from([3n, 4n]) } }
      })
    );
    await log.flush();
    const [first] = await log.get([`pred_req_${requestCount}_0`]);
    expect(first.features).toBeNull();
    expect(first.inputs).toEqual({
      'input.1': [
        [1, 2],
        [3, null]
      ],
      image: { truncated: true, length: 300 }
    });
    expect(first.outputs).toEqual({ 'label.0': 3 });
    expect(first.prediction).toBe(3);
  });

  it('writes in batches of at most maxBatchRows rows, splitting a large request across them', async () => {
    const { log, batches } = await openLog({ maxBatchRows: 500 });
    log.record(served(1_100));
    log.record(served(150));
    await log.flush();
    // The first request filled the queue past 500 rows and was taken for writing at once.
    expect(batches.map((batch) => batch.length)).toEqual([500, 500, 100, 150]);
    expect(await store.collection('serving_predictions').count()).toBe(1_250);
    const all = batches.flat();
    expect(new Set(all.map((row) => row.id)).size).toBe(1_250);
    expect(all[1_099]).toMatchObject({
      id: `pred_req_${requestCount - 1}_1099`,
      features: { a: 3297, b: 3298, c: 3299 },
      prediction: 549.5
    });
  });

  it('writes on its own once maxBatchRows rows are queued', async () => {
    const { log, batches } = await openLog({ maxBatchRows: 4 });
    log.record(served(3));
    log.record(served(2));
    // No flush() from here: the full queue started a write; the listener hears of it.
    await new Promise<void>((resolve) => {
      const stop = log.onLogged(() => (stop(), resolve()));
    });
    expect(batches.map((batch) => batch.length)).toEqual([4]);
    await log.flush();
    expect(batches.map((batch) => batch.length)).toEqual([4, 1]);
  });

  it('drops rows beyond maxQueuedRows and says so in the log', async () => {
    const { log, batches } = await openLog({ maxQueuedRows: 3 });
    log.record(served(2));
    log.record(served(2));
    log.record(served(1));
    await log.flush();
    expect(batches.flat().map((row) => row.id)).toEqual([
      `pred_req_${requestCount - 2}_0`,
      `pred_req_${requestCount - 2}_1`,
      `pred_req_${requestCount - 1}_0`
    ]);
    expect(capture.lines).toContainEqual(expect.objectContaining({ dropped: 2, msg: expect.stringContaining('dropped from the log') }));
  });

  it('counts rows being written against maxQueuedRows too', async () => {
    const { log, batches } = await openLog({ maxQueuedRows: 3, maxBatchRows: 2 });
    log.record(served(2));
    // Those two are being written (not yet stored): one more row fits.
    log.record(served(2));
    await log.flush();
    expect(batches.flat().map((row) => row.id)).toEqual([
      `pred_req_${requestCount - 1}_0`,
      `pred_req_${requestCount - 1}_1`,
      `pred_req_${requestCount}_0`
    ]);
    log.record(served(3));
    await log.flush();
    expect(batches.flat()).toHaveLength(6);
  });
});
