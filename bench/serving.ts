/**
 * npm run bench -- serving [--requests N] [--workers N] [--rounds N]
 *
 * Raw onnxruntime-node `session.run` in a worker thread against the same model behind mlportal's
 * Open Inference Protocol endpoint (POST /v2/models/:name/infer, JSON tensors, token auth, the
 * prediction log on), on two models: the flights delay model (a linear regression over 5 float
 * features, the SDK's exporter with fixed weights) and an MLP of about a million parameters
 * (64 → 1024 → 896 → 1, seeded random weights). p50/p99 at concurrency 1, 16 and 64, then the
 * endpoint's throughput at concurrency 64 with dynamic batching against the same version deployed
 * with maxBatchSize 1. The HTTP load runs in its own worker thread (keep-alive agent), so the
 * server's event loop is not also the client's. Figures, not assertions.
 *
 * Fairness on a small shared machine: the two headline ratios (what the endpoint adds at c1, and
 * batched vs unbatched throughput at c64) are measured in --rounds alternating rounds (raw, HTTP,
 * raw, HTTP, ...; batched, unbatched, ...) and reported as medians, so a burst of load from
 * elsewhere hits both sides instead of one. Raw and the endpoint run the same worker threads ×
 * intra-op threads. The load generator is a thread of this process and shares the cores with the
 * server (2 here): at c1 they take turns, at c64 they compete, equally for batched and unbatched.
 * The HTTP floor (GET /v2/health/live at c1: HTTP, the client and routing, no auth or inference)
 * shows how much of the endpoint's added latency is HTTP itself. The rounds at c1 also time the
 * inference pool on its own (InferencePool.infer in this process, same threads and session
 * options, no HTTP), which splits what the endpoint adds into the runtime's share and the rest. os.loadavg() is recorded around
 * each model's figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { seededRandom as seeded } from '../kernels/sdk/src/train/random';
import { generateToken } from '../server/auth/token-format';
import { loadConfig } from '../server/config';
import { startServer } from '../server/main';
import { createLogger } from '../server/platform/logging';
import { InferencePool } from '../server/serving/runtime/pool';
import { median, percentile, report, round } from './lib/measure';
import { api, flightsModel, mlpModel, type BenchModel } from './lib/models';

const CONCURRENCY = [1, 16, 64] as const;

interface Summary {
  count: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  perSecond: number;
}

function options() {
  const { values } = parseArgs({ options: { requests: { type: 'string' }, workers: { type: 'string' }, rounds: { type: 'string' } } });
  const whole = (name: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < 1) throw new Error(`--${name} must be a positive whole number; got ${text}`);
    return Number(text);
  };
  return {
    requests: whole('requests', values.requests, 3000),
    workers: whole('workers', values.workers, 1),
    rounds: whole('rounds', values.rounds, 3)
  };
}

// ------------------------------------------------------------------ raw onnxruntime in a worker thread

const RAW_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require('onnxruntime-node');
(async () => {
  const session = await ort.InferenceSession.create(workerData.model, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', logSeverityLevel: 4 });
  const input = session.inputNames[0];
  let chain = Promise.resolve();
  parentPort.on('message', (job) => {
    chain = chain.then(async () => {
      const results = await session.run({ [input]: new ort.Tensor('float32', job.data, job.dims) });
      const first = results[session.outputNames[0]];
      parentPort.postMessage({ id: job.id, data: first.data });
    });
  });
  parentPort.postMessage({ ready: true });
})();
`;

/** Worker threads each holding one session, fed least-busy first: what the pool does, minus everything else. */
async function rawRunner(
  model: BenchModel,
  workers: number
): Promise<{ run(row: Float32Array): Promise<unknown>; close(): Promise<void> }> {
  const threads = await Promise.all(
    Array.from({ length: workers }, async () => {
      const worker = new Worker(RAW_WORKER, { eval: true, workerData: { model: model.bytes } });
      const waiting = new Map<number, (value: unknown) => void>();
      await new Promise<void>((resolve, reject) => {
        worker.once('error', reject);
        worker.once('message', () => resolve());
      });
      worker.on('message', (reply: { id: number; data: unknown }) => {
        waiting.get(reply.id)?.(reply.data);
        waiting.delete(reply.id);
      });
      return { worker, waiting };
    })
  );
  let next = 0;
  return {
    run(row) {
      const thread = threads.reduce((best, candidate) => (candidate.waiting.size < best.waiting.size ? candidate : best));
      const id = next++;
      return new Promise((resolve) => {
        thread.waiting.set(id, resolve);
        thread.worker.postMessage({ id, data: row, dims: [1, model.features] });
      });
    },
    async close() {
      await Promise.all(threads.map(({ worker }) => worker.terminate()));
    }
  };
}

async function loadInProcess(task: () => Promise<unknown>, total: number, concurrency: number): Promise<Summary> {
  for (let i = 0; i < Math.min(100, total); i++) await task();
  const latencies: number[] = [];
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < total) {
        issued++;
        const t0 = performance.now();
        await task();
        latencies.push(performance.now() - t0);
      }
    })
  );
  return summarise(latencies, 0, performance.now() - started);
}

function summarise(latencies: number[], errors: number, elapsedMs: number): Summary {
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    errors,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    perSecond: round((latencies.length / elapsedMs) * 1000, 1)
  };
}

// ------------------------------------------------------------------ HTTP load from its own thread

const HTTP_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, token, bodies, total, concurrency, warmup, method } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);
function once(body) {
  return new Promise((resolve) => {
    const headers = method === 'GET' ? { Authorization: 'Bearer ' + token } :
      { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
    const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(res.statusCode === 200 ? null : res.statusCode + ' ' + Buffer.concat(chunks).toString()));
    });
    req.on('error', (e) => resolve(e.message));
    req.end(method === 'GET' ? undefined : body);
  });
}
(async () => {
  for (let i = 0; i < warmup; i++) await once(bodies[i % bodies.length]);
  const latencies = [];
  let issued = 0, errors = 0, firstError = null;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (issued < total) {
      const body = bodies[issued++ % bodies.length];
      const t0 = performance.now();
      const error = await once(body);
      latencies.push(performance.now() - t0);
      if (error) { errors++; firstError = firstError || error; }
    }
  }));
  agent.destroy();
  parentPort.postMessage({ latencies, errors, firstError, elapsedMs: performance.now() - started });
})();
`;

async function loadOverHttp(
  url: string,
  token: string,
  bodies: string[],
  total: number,
  concurrency: number,
  method: 'POST' | 'GET' = 'POST'
): Promise<Summary> {
  const worker = new Worker(HTTP_WORKER, {
    eval: true,
    workerData: { url, token, bodies: method === 'GET' ? [''] : bodies, total, concurrency, warmup: 100, method }
  });
  const result = await new Promise<{ latencies: number[]; errors: number; firstError: string | null; elapsedMs: number }>(
    (resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    }
  );
  await worker.terminate();
  if (result.firstError) console.error(`  (errors: ${result.errors}, first: ${result.firstError.slice(0, 200)})`);
  return summarise(result.latencies, result.errors, result.elapsedMs);
}

// ------------------------------------------------------------------ the backend

/** Registers the model twice (versions 1 and 2, the same bytes) and deploys v1 with batching, v2 without. */
async function deployBoth(url: string, token: string, model: BenchModel): Promise<{ batched: string; unbatched: string }> {
  await api(url, token, 'POST', '/api/v1/models', { name: model.name });
  const artifact = await api(url, token, 'POST', '/api/v1/models/artifacts', undefined, model.bytes);
  for (let i = 0; i < 2; i++) await api(url, token, 'POST', `/api/v1/models/${model.name}/versions`, { artifact: artifact.sha256 });
  const batched = `${model.name}-batched`;
  const unbatched = `${model.name}-unbatched`;
  await api(url, token, 'POST', '/api/v1/deployments', {
    name: batched,
    model: model.name,
    version: 1,
    batching: { maxBatchSize: 64, maxQueueDelayMs: 2 }
  });
  await api(url, token, 'POST', '/api/v1/deployments', {
    name: unbatched,
    model: model.name,
    version: 2,
    batching: { maxBatchSize: 1, maxQueueDelayMs: 0 }
  });
  return { batched, unbatched };
}

function rows(model: BenchModel, count: number): Float32Array[] {
  const random = seeded(11);
  return Array.from({ length: count }, () => Float32Array.from({ length: model.features }, () => round(random() * 40 - 5, 2)));
}

const loads = (): number[] => loadavg().map((value) => round(value, 2));

async function benchModel(url: string, token: string, model: BenchModel, requests: number, workers: number, rounds: number) {
  const inputRows = rows(model, 256);
  const bodies = inputRows.map((row) =>
    JSON.stringify({ inputs: [{ name: 'input', shape: [1, model.features], datatype: 'FP32', data: Array.from(row) }] })
  );
  const { batched, unbatched } = await deployBoth(url, token, model);
  const raw = await rawRunner(model, workers);
  const pool = await InferencePool.start({ workers, intraOpThreads: 1 });
  await pool.load(model.name, model.bytes, { maxBatchSize: 64, maxQueueDelayMs: 2 });
  const figures: Record<string, unknown> = { parameters: model.parameters, loadAvgBefore: loads() };
  const lines: string[] = [];
  let i = 0;
  const rawRun = (concurrency: number) => loadInProcess(() => raw.run(inputRows[i++ % inputRows.length]), requests, concurrency);
  const poolRun = (concurrency: number) =>
    loadInProcess(
      () => pool.infer(model.name, { input: { type: 'float32', dims: [1, model.features], data: inputRows[i++ % inputRows.length] } }),
      requests,
      concurrency
    );
  const httpRun = (deployment: string, concurrency: number) =>
    loadOverHttp(`${url}/v2/models/${deployment}/infer`, token, bodies, requests, concurrency);
  try {
    for (const concurrency of CONCURRENCY) {
      const rawFigures = await rawRun(concurrency);
      const httpFigures = await httpRun(batched, concurrency);
      figures[`c${concurrency}`] = { raw: rawFigures, http: httpFigures };
      lines.push(
        `${model.name} c${concurrency}: raw p50 ${rawFigures.p50Ms} ms p99 ${rawFigures.p99Ms} ms (${rawFigures.perSecond}/s) | ` +
          `HTTP v2 p50 ${httpFigures.p50Ms} ms p99 ${httpFigures.p99Ms} ms (${httpFigures.perSecond}/s${httpFigures.errors ? `, ${httpFigures.errors} errors` : ''})`
      );
    }
    // The headline ratios: alternating rounds, medians.
    const added: number[] = [];
    const runtimeAdded: number[] = [];
    const speedups: number[] = [];
    const batchedRates: number[] = [];
    const unbatchedRates: number[] = [];
    for (let pass = 0; pass < rounds; pass++) {
      const rawC1 = await rawRun(1);
      const httpC1 = await httpRun(batched, 1);
      const poolC1 = await poolRun(1);
      added.push(httpC1.p50Ms - rawC1.p50Ms);
      runtimeAdded.push(poolC1.p50Ms - rawC1.p50Ms);
      const withBatching = await httpRun(batched, 64);
      const without = await httpRun(unbatched, 64);
      batchedRates.push(withBatching.perSecond);
      unbatchedRates.push(without.perSecond);
      speedups.push(withBatching.perSecond / without.perSecond);
    }
    figures.rounds = {
      addedP50MsAtC1: added.map((v) => round(v)),
      runtimeAddedP50MsAtC1: runtimeAdded.map((v) => round(v)),
      c64Batched: batchedRates,
      c64Unbatched: unbatchedRates,
      speedups: speedups.map((v) => round(v, 2))
    };
    figures.addedP50MsAtC1 = round(median(added));
    figures.runtimeAddedP50MsAtC1 = round(median(runtimeAdded));
    figures.c64BatchedPerSecond = round(median(batchedRates), 1);
    figures.c64UnbatchedPerSecond = round(median(unbatchedRates), 1);
    figures.batchingSpeedupAtC64 = round(median(speedups), 2);
    figures.loadAvgAfter = loads();
    lines.push(
      `${model.name}: endpoint adds ${figures.addedP50MsAtC1} ms p50 at c1 (median of ${rounds} rounds: ${added.map((v) => round(v, 2)).join(', ')}; aim < 1 ms), ` +
        `of which the inference pool alone adds ${figures.runtimeAddedP50MsAtC1} ms (median of ${runtimeAdded.map((v) => round(v, 2)).join(', ')}); ` +
        `c64 throughput ${figures.c64BatchedPerSecond}/s batched vs ${figures.c64UnbatchedPerSecond}/s with maxBatchSize 1 = ${figures.batchingSpeedupAtC64}× ` +
        `(median of ${speedups.map((v) => round(v, 2)).join(', ')}; aim ≥ 5×); load average ${(figures.loadAvgBefore as number[]).join('/')} → ${(figures.loadAvgAfter as number[]).join('/')}`
    );
  } finally {
    await raw.close();
    await pool.close();
  }
  return { figures, lines };
}

async function main(): Promise<void> {
  const { requests, workers, rounds } = options();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mlportal-bench-serving-'));
  const adminToken = generateToken();
  const config = loadConfig({
    MLPORTAL_DATA_DIR: dataDir,
    MLPORTAL_PORT: '0',
    MLPORTAL_ADMIN_TOKEN: adminToken,
    MLPORTAL_LOG_LEVEL: 'warn',
    MLPORTAL_SERVING_WORKERS: String(workers),
    MLPORTAL_SERVING_THREADS: '1'
  });
  const server = await startServer(config, createLogger({ level: 'warn' }));
  try {
    const lines: string[] = [
      `${requests} requests per level; ${workers} inference worker(s) × 1 intra-op thread, for raw and for the endpoint; ${rounds} alternating rounds for the ratios`
    ];
    const floor = await loadOverHttp(`${server.url}/v2/health/live`, adminToken, [], requests, 1, 'GET');
    lines.push(`HTTP floor (GET /v2/health/live, c1): p50 ${floor.p50Ms} ms p99 ${floor.p99Ms} ms`);
    const figures: Record<string, unknown> = { requests, workers, rounds, httpFloorC1: floor };
    for (const model of [flightsModel(), mlpModel()]) {
      const result = await benchModel(server.url, adminToken, model, requests, workers, rounds);
      lines.push(...result.lines);
      figures[model.name] = result.figures;
    }
    report('serving', lines, figures);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
