/**
 * npm run bench -- registry [--runs N] [--queries N]
 *
 * Run search over many runs on the embedded store (SQLite), backend in this process: N runs
 * (default 100,000) in one experiment, each with 5 params, 5 metrics and 3 tags drawn from
 * realistic distributions (a tenth failed or killed, without metrics), seeded in bulk through the
 * store port with the tracking service's own document builder; then the latency of a filtered
 * first page sorted by a metric, the page after it, a tag filter, a sort alone, and get-run,
 * through the service and over HTTP. Figures, not assertions.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openLocalArtifactStore } from '../server/platform/artifacts/local';
import { TrackingService } from '../server/tracking/service';
import { newRunDocument, newRunId } from '../server/tracking/runs';
import type { RunStatus, SearchRunsRequest } from '@mlportal/contract';
import { startBenchBackend } from './lib/backend';
import { percentile, report, round, timed } from './lib/measure';

interface Latency {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
}

const METRIC_QUERY = { filter: "metrics.auc > 0.8 and params.lr = '0.01'", orderBy: ['metrics.auc DESC'], maxResults: 100 };
const TAG_QUERY = { filter: "tags.team = 'vision'", maxResults: 100 };
const SORT_QUERY = { orderBy: ['metrics.log_loss ASC'], maxResults: 100 };
const TEAMS = ['vision', 'nlp', 'ranking', 'forecasting', 'fraud'];
const LEARNING_RATES = ['0.1', '0.03', '0.01', '0.003', '0.001'];
const DAY_MS = 24 * 60 * 60 * 1000;

function options() {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, queries: { type: 'string' } } });
  const count = (name: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < 1) throw new Error(`--${name} must be a positive whole number; got ${text}`);
    return Number(text);
  };
  return { runs: count('runs', values.runs, 100_000), queries: count('queries', values.queries, 300) };
}

/** A small seeded generator, so every bench run searches the same data. */
function generator(seed: number) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const pick = <T>(items: readonly T[]) => items[Math.floor(uniform() * items.length)];
  return { uniform, normal, pick };
}

function benchRun(experimentId: string, i: number, total: number, random: ReturnType<typeof generator>) {
  const roll = random.uniform();
  const status: RunStatus = roll < 0.85 ? 'FINISHED' : roll < 0.93 ? 'FAILED' : roll < 0.98 ? 'KILLED' : 'RUNNING';
  const lr = random.pick(LEARNING_RATES);
  const depth = 2 + Math.floor(random.uniform() * 11);
  // Quality depends a little on the params, plus noise: AUC mostly 0.6–0.85.
  const auc = Math.min(
    0.99,
    Math.max(0.5, 0.72 + 0.012 * Math.min(depth, 8) - 0.04 * Math.abs(Math.log10(Number(lr)) + 2) + 0.06 * random.normal())
  );
  const start = Date.UTC(2024, 0, 1) + Math.floor((i / total) * 180 * DAY_MS) + Math.floor(random.uniform() * 60_000);
  const duration = Math.round(Math.exp(5 + random.normal()) * 1000);
  const at = new Date(start + duration).toISOString();
  const metric = (value: number, step: number) => ({ value, step, timestamp: at });
  return newRunDocument({
    experimentId,
    name: `run-${i}`,
    status,
    startTime: new Date(start).toISOString(),
    ...(status !== 'RUNNING' ? { endTime: at } : {}),
    createdBy: random.pick(['alice', 'bob', 'carol', 'dan']),
    params: {
      lr,
      max_depth: String(depth),
      n_estimators: String(random.pick([50, 100, 200, 400, 800])),
      optimizer: random.pick(['adam', 'sgd', 'rmsprop']),
      seed: String(Math.floor(random.uniform() * 1e6))
    },
    metrics:
      status === 'FINISHED'
        ? {
            auc: metric(auc, 100),
            accuracy: metric(Math.min(0.99, auc - 0.05 + 0.02 * random.normal()), 100),
            f1: metric(Math.max(0, auc - 0.15 + 0.05 * random.normal()), 100),
            log_loss: metric(Math.max(0.05, 1.2 - auc + 0.1 * random.normal()), 100),
            train_seconds: metric(duration / 1000, 0)
          }
        : {},
    tags: {
      team: random.pick(TEAMS),
      'mlflow.source.type': random.uniform() < 0.7 ? 'NOTEBOOK' : 'JOB',
      model_family: random.pick(['xgboost', 'forest', 'mlp', 'linear'])
    },
    origin: { source: 'sdk', notebookPath: `notebooks/${random.pick(TEAMS)}/train.ipynb` }
  });
}

async function sample(task: () => Promise<unknown>, count: number): Promise<Latency> {
  for (let i = 0; i < Math.min(20, count); i++) await task();
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await task();
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  return {
    count,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
    meanMs: round(latencies.reduce((s, x) => s + x, 0) / count)
  };
}

async function main(): Promise<void> {
  const { runs: total, queries } = options();
  const lines: string[] = [];
  const backend = await startBenchBackend();
  try {
    const artifacts = await openLocalArtifactStore(backend.config.dataDir);
    const tracking = new TrackingService({ store: backend.store, artifacts, maxArtifactBytes: backend.config.maxUploadBytes });
    await tracking.prepare();
    const experiment = await tracking.experiments.create({ name: 'bench-100k' }, 'bench');
    const random = generator(42);
    const runIds: string[] = [];
    const seeding = await timed(async () => {
      for (let i = 0; i < total; i++) {
        const id = newRunId();
        await tracking.runs.collection.insert({ _id: id, ...benchRun(experiment.id, i, total, random) });
        runIds.push(id);
      }
    });
    lines.push(
      `seeded ${total} runs in ${seeding.seconds} s (${Math.round(total / seeding.seconds)} runs/s, one insert each, through the store port)`
    );

    // The service's own write path, for scale: create + one log call of 5 params and 5 metrics.
    const logged = 1000;
    const logging = await timed(async () => {
      for (let i = 0; i < logged; i++) {
        const run = await tracking.runs.create({ experimentId: experiment.id, name: `logged-${i}` }, 'bench');
        await tracking.runs.log(run.id, {
          params: { lr: '0.01', max_depth: 6, n_estimators: 200, optimizer: 'adam', seed: i },
          metrics: ['auc', 'accuracy', 'f1', 'log_loss', 'train_seconds'].map((key) => ({ key, value: random.uniform(), step: 1 })),
          tags: { team: 'bench' }
        });
      }
    });
    lines.push(
      `service: ${logged} runs created and logged (5 params, 5 metrics, 1 tag) in ${logging.seconds} s = ${round((logging.seconds * 1000) / logged, 2)} ms per run`
    );

    const search = (request: SearchRunsRequest) => tracking.runs.search({ experimentIds: [experiment.id], ...request });
    // The first search of a field makes its index (once per field and database).
    const cold = await timed(() => search(METRIC_QUERY));
    await search(TAG_QUERY);
    await search(SORT_QUERY);
    const firstPage = await search(METRIC_QUERY);
    const matching = firstPage.runs.length;
    const pageToken = firstPage.nextPageToken;
    if (!pageToken) throw new Error('the metric query matched a single page; seed more runs');
    let next = 0;
    const service = {
      metricFilterFirstPage: await sample(() => search(METRIC_QUERY), queries),
      metricFilterSecondPage: await sample(() => search({ ...METRIC_QUERY, pageToken }), queries),
      tagFilterFirstPage: await sample(() => search(TAG_QUERY), queries),
      metricSortFirstPage: await sample(() => search(SORT_QUERY), queries),
      getRun: await sample(() => tracking.runs.get(runIds[(next = (next + 7919) % runIds.length)]), queries * 10)
    };
    const http = async (route: string, body?: unknown) => {
      const response = await fetch(backend.url + route, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { Authorization: `Bearer ${backend.adminToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body)
      });
      if (response.status !== 200) throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
      return response.json();
    };
    const overHttp = {
      metricFilterFirstPage: await sample(() => http('/api/v1/runs/search', { experimentIds: [experiment.id], ...METRIC_QUERY }), queries),
      metricFilterSecondPage: await sample(
        () => http('/api/v1/runs/search', { experimentIds: [experiment.id], ...METRIC_QUERY, pageToken }),
        queries
      ),
      tagFilterFirstPage: await sample(() => http('/api/v1/runs/search', { experimentIds: [experiment.id], ...TAG_QUERY }), queries),
      getRun: await sample(() => http(`/api/v1/runs/${runIds[(next = (next + 7919) % runIds.length)]}`), queries * 3)
    };
    const show = (name: string, s: Latency) => `${name}: p50 ${s.p50Ms} ms, p95 ${s.p95Ms} ms, p99 ${s.p99Ms} ms`;
    lines.push(`first search of metrics.auc (makes its index): ${round(cold.seconds * 1000, 1)} ms`);
    lines.push(`queries: metric ${JSON.stringify(METRIC_QUERY)}; tag ${JSON.stringify(TAG_QUERY)}; sort ${JSON.stringify(SORT_QUERY)}`);
    for (const [name, s] of Object.entries(service)) lines.push(`service ${show(name, s)}`);
    for (const [name, s] of Object.entries(overHttp)) lines.push(`http ${show(name, s)}`);
    const aims = {
      filteredSortedFirstPageP99Under100ms: service.metricFilterFirstPage.p99Ms < 100 && overHttp.metricFilterFirstPage.p99Ms < 100
    };
    lines.push(
      `aim: filtered, sorted first page p99 < 100 ms (service and HTTP): ${aims.filteredSortedFirstPageP99Under100ms ? 'met' : 'missed'}`
    );
    report('registry', lines, {
      store: 'sqlite',
      runs: total,
      seedSeconds: seeding.seconds,
      serviceLogMsPerRun: round((logging.seconds * 1000) / logged, 2),
      firstSearchMs: round(cold.seconds * 1000, 1),
      firstPageRuns: matching,
      search: { service, http: overHttp },
      aims
    });
  } finally {
    await backend.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
