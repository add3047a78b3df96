/**
 * npm run bench -- soak [--minutes N] [--peak-seconds N] [--load F] [--flights N] [--concurrency N] [--keep]
 *
 * A soak of the real backend in its own process (server/build/main.js, compiled as `npm run server`
 * does) on a temporary data dir: mixed predictions (KServe v2), online lookups, ingestions of small
 * row batches and registry writes (runs created and logged to, model versions created) at --load
 * (default 0.8) of the measured peak for --minutes (default 10), with one kill -9 of the backend and
 * a restart on the same data dir and port half way through. Then every acknowledged write (a 2xx
 * answer) is read back and compared: feature rows through the online store and a point-in-time
 * training set, runs' params, tags and metric history, model versions.
 *
 * Peak: each kind alone, closed loop at --concurrency (default 8) for --peak-seconds (default 15).
 * Load: each kind gets a quarter of the load budget, load × its peak ÷ 4 requests per second, open
 * loop (on schedule whatever the answers), so together the mix asks for about `load` of what the
 * backend can do. Failures are sorted by time: from the kill until the restarted backend answers
 * they belong to the restart; any other failure is unexpected.
 *
 * Exits non-zero when an acknowledged write is lost or altered, when any request failed outside the
 * restart (5xx, connection error, timeout or 4xx), or when requests were shed: the durability criteria
 * (no lost write, no 5xx) and that the backend kept up are reported apart in `verdict`. Seeds the flights demo (first --flights flights,
 * default 100,000) for the lookups; the deployment serves the serving suite's flights model.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, featuresOf, type NodeFeaturesApi } from '../kernels/sdk/src/index';
import { seededRandom } from '../kernels/sdk/src/train/random';
import { backendProcess, compileServer, type BackendProcess } from './lib/backend-process';
import { importModule } from './lib/esm';
import { busiestRoutes } from './lib/flights-data';
import { report, round } from './lib/measure';
import { api, flightsModel } from './lib/models';
import { SoakClient } from './soak/http';
import { Ledger, lostCount, SOAK_ENTITY, SOAK_GROUP, SOAK_MODEL, verify, type Verification } from './soak/ledger';
import { closedLoop, openLoop, Recorder, type Failure } from './soak/load';
import { MachineSampler } from './soak/machine';
import { KINDS, trafficKinds, type KindName, type TrafficSetup } from './soak/traffic';

const LONG_MS = 30 * 60 * 1000;
const DEPLOYMENT = 'flights-delay';
const LOOKUP_FEATURES = [
  'airport_delay_7d:mean_delay_7d',
  'airport_delay_7d:late_share_7d',
  'airport_delay_7d:flights_7d',
  'route_delay_30d:mean_delay_30d',
  'route_delay_30d:flights_30d'
];
/** A kind with this many requests in flight sheds the next one (counted) instead of piling up. */
const IN_FLIGHT_CAP = 128;

interface DemoModule {
  seedDemo(features: NodeFeaturesApi, options: { rows?: number; log?: (line: string) => void }): Promise<unknown>;
}

function options() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string' },
      'peak-seconds': { type: 'string' },
      load: { type: 'string' },
      flights: { type: 'string' },
      concurrency: { type: 'string' },
      'rows-per-ingest': { type: 'string' },
      keep: { type: 'boolean' }
    }
  });
  const positive = (name: string, text: string | undefined, fallback: number, whole = true) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0 || (whole && !Number.isInteger(n)))
      throw new Error(`--${name} must be a positive ${whole ? 'whole ' : ''}number; got ${text}`);
    return n;
  };
  const load = positive('load', values.load, 0.8, false);
  if (load > 1.5) throw new Error(`--load is a fraction of the peak (0.8 = 80 %); got ${values.load}`);
  return {
    minutes: positive('minutes', values.minutes, 10, false),
    peakSeconds: positive('peak-seconds', values['peak-seconds'], 15, false),
    load,
    flights: positive('flights', values.flights, 100_000),
    concurrency: positive('concurrency', values.concurrency, 8),
    rowsPerIngest: positive('rows-per-ingest', values['rows-per-ingest'], 10),
    keep: values.keep ?? false
  };
}

const log = (line: string) => console.error(`  soak: ${line}`);

async function seed(backend: BackendProcess, flights: number, rowsPerIngest: number): Promise<TrafficSetup> {
  const { url, adminToken: token } = backend;
  const demo = await importModule<DemoModule>(path.resolve(__dirname, '..', 'scripts', 'seed', 'demo.mjs'));
  const features = featuresOf(new Client({ url, token, timeoutMs: LONG_MS }));
  await demo.seedDemo(features, { rows: flights, log: (line) => log(`seed: ${line}`) });
  await features.createEntity({ name: SOAK_ENTITY, joinKeys: [{ name: 'key', type: 'string' }], description: 'Soak write keys' });
  await features.createGroup({
    name: SOAK_GROUP,
    entity: SOAK_ENTITY,
    eventTime: 'ts',
    features: [
      { name: 'value', type: 'float64' },
      { name: 'seq', type: 'int64' },
      { name: 'tag', type: 'string' }
    ],
    description: 'Rows written by the soak benchmark, one per key',
    tags: ['benchmark']
  });
  const model = flightsModel();
  const artifact = await api(url, token, 'POST', '/api/v1/models/artifacts', undefined, model.bytes);
  await api(url, token, 'POST', '/api/v1/models', { name: model.name });
  await api(url, token, 'POST', `/api/v1/models/${model.name}/versions`, { artifact: artifact.sha256 });
  await api(url, token, 'POST', '/api/v1/deployments', {
    name: DEPLOYMENT,
    model: model.name,
    version: 1,
    batching: { maxBatchSize: 64, maxQueueDelayMs: 2 }
  });
  await api(url, token, 'POST', '/api/v1/models', { name: SOAK_MODEL });
  const experiment = await api(url, token, 'POST', '/api/v1/experiments', { name: 'soak' });
  const routes = await busiestRoutes(200, flights);
  return {
    deployment: DEPLOYMENT,
    modelFeatures: model.features,
    routes,
    lookupFeatures: LOOKUP_FEATURES,
    experimentId: experiment.id,
    artifactSha: artifact.sha256,
    rowsPerIngest
  };
}

interface Restart {
  atSecond: number;
  killedAt?: number;
  backAt?: number;
  restartMs?: number;
  error?: string;
}

function sortFailures(failures: Failure[], restart: Restart) {
  const during: Failure[] = [];
  const outside: Failure[] = [];
  for (const f of failures) {
    const inWindow =
      restart.killedAt !== undefined && f.endedAt >= restart.killedAt && (restart.backAt === undefined || f.sentAt <= restart.backAt);
    (inWindow ? during : outside).push(f);
  }
  return { during, outside };
}

const tally = (failures: Failure[]) => {
  const counts: Record<string, number> = {};
  for (const f of failures) counts[f.outcome] = (counts[f.outcome] ?? 0) + 1;
  return counts;
};

async function main(): Promise<void> {
  const opts = options();
  const lines: string[] = [];
  const compiled = compileServer();
  if (compiled.warning) log(compiled.warning);
  const backend = await backendProcess({ env: { MLPORTAL_SERVING_WORKERS: '1', MLPORTAL_SERVING_THREADS: '1' } });
  let failed = true;
  try {
    const firstStartMs = await backend.start();
    log(`backend pid ${backend.pid} on ${backend.url} (data dir ${backend.dataDir}), answering after ${round(firstStartMs / 1000, 2)} s`);
    const setup = await seed(backend, opts.flights, opts.rowsPerIngest);
    const client = new SoakClient(backend.url, backend.adminToken);
    const ledger = new Ledger();
    const { tasks, reads } = trafficKinds(client, ledger, setup, seededRandom(2026));

    // Peak: each kind alone, closed loop.
    const peakRecorder = new Recorder();
    const peak = {} as Record<KindName, number>;
    for (const kind of KINDS) {
      peak[kind] = round(await closedLoop(kind, tasks[kind], opts.peakSeconds, opts.concurrency, peakRecorder), 1);
      const s = peakRecorder.summary(kind);
      log(`peak ${kind}: ${peak[kind]}/s at concurrency ${opts.concurrency} (p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms)`);
    }
    const rates = Object.fromEntries(KINDS.map((k) => [k, round((opts.load * peak[k]) / KINDS.length, 2)])) as Record<KindName, number>;
    const seconds = opts.minutes * 60;
    const restart: Restart = { atSecond: seconds / 2 };
    log(
      `open loop for ${opts.minutes} min at ${opts.load} of the peak: ${KINDS.map((k) => `${k} ${rates[k]}/s`).join(', ')}; kill -9 at ${restart.atSecond} s`
    );

    const recorder = new Recorder();
    const machine = new MachineSampler(() => backend.pid);
    machine.start();
    const restartEvent = async () => {
      restart.killedAt = performance.now();
      await backend.kill9();
      log(
        `killed the backend (kill -9) at ${round((restart.killedAt - recorder.origin) / 1000, 1)} s; starting it again on the same data dir and port`
      );
      try {
        restart.restartMs = round(await backend.start(), 0);
        restart.backAt = performance.now();
        log(`the backend answers again after ${round((restart.backAt - restart.killedAt) / 1000, 2)} s (pid ${backend.pid})`);
      } catch (err) {
        restart.error = err instanceof Error ? err.message : String(err);
        throw err;
      }
    };
    let ran: Awaited<ReturnType<typeof openLoop>>;
    try {
      ran = await openLoop(
        KINDS.map((kind) => ({ kind, rate: rates[kind], task: tasks[kind] })),
        seconds,
        IN_FLIGHT_CAP,
        recorder,
        [{ atSecond: restart.atSecond, run: restartEvent }]
      );
    } catch (err) {
      machine.stop();
      if (!restart.error) throw err;
      // The one outcome that makes the rest meaningless: say it plainly, with the backend's own words.
      console.error(`mlportal soak: the backend did not start again after kill -9 on the same data dir and port:\n${restart.error}`);
      report('soak', [...lines, `FAIL: the backend did not start again after kill -9: ${restart.error.split('\n')[0]}`], {
        date: new Date().toISOString().slice(0, 10),
        minutes: opts.minutes,
        peakPerSecond: peak,
        restart: { atSecond: restart.atSecond, error: restart.error },
        pass: false
      });
      return;
    }

    machine.stop();
    log(
      `load done (${ran.seconds} s, ${ran.drainSeconds} s to drain); verifying ${ledger.rows.size} rows, ${ledger.runs.size} runs, ${ledger.versions.size} versions`
    );
    const verification: Verification = await verify(ledger, new SoakClient(backend.url, backend.adminToken, LONG_MS));
    const lost = lostCount(verification);
    const peakFailures = sortFailures(peakRecorder.failures, { atSecond: 0 }).outside;
    const { during, outside } = sortFailures(recorder.failures, restart);
    const unexpected = [...peakFailures, ...outside];
    const unexpected5xx = unexpected.filter((f) => f.outcome === '5xx').length;
    const resetsOnReusedSockets = unexpected.filter((f) => f.outcome === 'connection' && f.reusedSocket).length;
    // Every failure, with its times in seconds since the open loop began, beside the kept data dir.
    const failuresFile = path.join(path.dirname(backend.dataDir), 'failures.ndjson');
    const at = (t: number) => round((t - recorder.origin) / 1000, 3);
    writeFileSync(
      failuresFile,
      [
        ...peakFailures.map((f) => ({ ...f, phase: 'peak' })),
        ...during.map((f) => ({ ...f, phase: 'restart' })),
        ...outside.map((f) => ({ ...f, phase: 'outside' }))
      ]
        .map((f) => JSON.stringify({ ...f, sentAt: at(f.sentAt), endedAt: at(f.endedAt) }))
        .join('\n') + '\n'
    );

    const requests = Object.fromEntries(
      KINDS.map((kind) => {
        const s = recorder.summary(kind);
        return [
          kind,
          {
            sent: recorder.sent.get(kind) ?? 0,
            ok: s.ok,
            shed: recorder.shed.get(kind) ?? 0,
            failedDuringRestart: during.filter((f) => f.kind === kind).length,
            failedOutsideRestart: outside.filter((f) => f.kind === kind).length,
            perSecond: round(s.ok / ran.seconds, 2),
            p50Ms: s.p50Ms,
            p99Ms: s.p99Ms,
            maxMs: s.maxMs,
            slowestSentAtSecond: recorder.slowestAtSecond(kind),
            perMinute: recorder.timeline(kind)
          }
        ];
      })
    ) as Record<
      KindName,
      {
        sent: number;
        ok: number;
        shed: number;
        failedDuringRestart: number;
        failedOutsideRestart: number;
        perSecond: number;
        p50Ms: number;
        p99Ms: number;
        maxMs: number;
        slowestSentAtSecond: number | null;
        perMinute: Array<{ ok: number; p99Ms: number }>;
      }
    >;
    const totalOk = KINDS.reduce((s, k) => s + requests[k].ok, 0);
    const outageSeconds =
      restart.killedAt !== undefined && restart.backAt !== undefined ? round((restart.backAt - restart.killedAt) / 1000, 2) : null;
    const lastFailureAfterKill = Object.fromEntries(
      KINDS.map((kind) => {
        // The first success sent after the restart, for each kind: when the kind was really back.
        const after = recorder.failures.filter((f) => f.kind === kind && restart.killedAt !== undefined && f.sentAt >= restart.killedAt);
        const lastFailure = after.reduce((m, f) => Math.max(m, f.endedAt), restart.killedAt ?? 0);
        return [kind, restart.killedAt === undefined ? null : round((lastFailure - restart.killedAt) / 1000, 2)];
      })
    );
    const stalls = recorder.stalls(
      1,
      restart.killedAt !== undefined ? { from: restart.killedAt, to: restart.backAt ?? Infinity } : undefined
    );
    const shed = KINDS.reduce((n, k) => n + requests[k].shed, 0);
    // The durability criteria (no acknowledged write lost, no 5xx outside the restart), and that the
    // backend kept up: every request asked for outside the restart answered (no timeout, connection
    // error or 4xx) and none shed. A request that never answers is no better than a 5xx.
    const verdict = {
      noLostWrites: lost === 0,
      no5xxOutsideRestart: unexpected5xx === 0,
      keptUp: unexpected.length === unexpected5xx && shed === 0
    };
    const pass = verdict.noLostWrites && verdict.no5xxOutsideRestart && verdict.keptUp;

    lines.push(
      `backend: ${backend.url}, its own process (server/build/main.js), SQLite data dir; flights demo of ${opts.flights} flights; ${opts.minutes} min at ${opts.load} of the peak`,
      `peak (each kind alone, closed loop, c${opts.concurrency}, ${opts.peakSeconds} s): ${KINDS.map((k) => `${k} ${peak[k]}/s`).join(', ')}`,
      `asked (open loop, a quarter of the budget each): ${KINDS.map((k) => `${k} ${rates[k]}/s`).join(', ')}`
    );
    for (const kind of KINDS) {
      const r = requests[kind];
      lines.push(
        `${kind}: ${r.sent} sent, ${r.ok} ok (${r.perSecond}/s), p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, max ${r.maxMs} ms (sent at ${r.slowestSentAtSecond} s); ` +
          `${r.failedDuringRestart} failed during the restart, ${r.failedOutsideRestart} outside it, ${r.shed} shed (over ${IN_FLIGHT_CAP} in flight)`
      );
    }
    lines.push(
      `restart: kill -9 at ${restart.atSecond} s; the backend answered again after ${outageSeconds ?? '—'} s (start to first answer ${restart.restartMs ?? '—'} ms)` +
        `; last failure per kind after the kill: ${KINDS.map((k) => `${k} +${lastFailureAfterKill[k]} s`).join(', ')}`,
      `successes per minute (p99 ms): ${KINDS.map((k) => `${k} ${requests[k].perMinute.map((m) => `${m.ok} (${m.p99Ms})`).join(' ')}`).join('; ')}`,
      `machine per minute (backend CPU cores, load generator CPU cores and event loop p99 ms, load average): ` +
        machine.minutes.map((m) => `${m.backendCpu}/${m.loadGeneratorCpu}/${m.loadGeneratorLoopP99Ms}/${m.loadAverage1m}`).join(' '),
      `stalls (≥ 1 s without any answer from the backend, outside the restart): ${stalls.length === 0 ? 'none' : stalls.map((g) => `${g.seconds} s at ${g.atSecond} s`).join(', ')}`,
      `backend RSS (MiB) per life, start / peak / last: ${machine.lives.map((l) => `${l.startMiB} / ${l.peakMiB} / ${l.lastMiB}`).join(' | ')}`,
      `failures during the restart: ${JSON.stringify(tally(during))}; outside it: ${JSON.stringify(tally(unexpected))}` +
        (resetsOnReusedSockets > 0 ? ` (${resetsOnReusedSockets} of the connection errors on reused keep-alive sockets)` : '') +
        `; each one listed in ${failuresFile} (kept when the soak fails, or with --keep)` +
        (unexpected.length > 0
          ? `; first: ${unexpected[0].kind} ${unexpected[0].op} ${unexpected[0].status || unexpected[0].outcome} ${unexpected[0].body.slice(0, 200)}`
          : ''),
      `acknowledged writes: ${ledger.acknowledged.featureRows} feature rows in ${ledger.acknowledged.ingestions} ingestions, ${ledger.acknowledged.runCreates} runs created, ` +
        `${ledger.acknowledged.runLogs} run logs, ${ledger.acknowledged.versions} model versions; ambiguous (no answer): ${JSON.stringify(ledger.ambiguous)}`,
      `verification (${verification.seconds} s): lost ${JSON.stringify(verification.lost)}, altered ${verification.altered}, rows beyond the acknowledged ${verification.extraFeatureRows}` +
        (verification.problems.length > 0
          ? `; first problems: ${verification.problems
              .slice(0, 5)
              .map((p) => `${p.kind} ${p.what}: ${p.detail}`)
              .join(' | ')}`
          : ''),
      `read-your-writes (online lookups of acknowledged rows during the load): ${reads.checked} checked, ${reads.stale} stale${reads.firstStale ? ` (first: ${reads.firstStale})` : ''}`,
      `result: ${pass ? 'PASS' : 'FAIL'}: ${lost} lost or altered acknowledged writes, ${unexpected5xx} 5xx outside the restart; ` +
        `${verdict.keptUp ? 'the backend kept up' : `the backend did not keep up: ${unexpected.length - unexpected5xx} other failures outside the restart, ${shed} requests shed`}` +
        (restart.error ? `; the restart failed: ${restart.error.split('\n')[0]}` : '')
    );
    failed = !pass;
    report('soak', lines, {
      date: new Date().toISOString().slice(0, 10),
      store: 'sqlite',
      minutes: opts.minutes,
      load: opts.load,
      flights: opts.flights,
      peakPerSecond: peak,
      askedPerSecond: rates,
      requests,
      totalOkPerSecond: round(totalOk / ran.seconds, 1),
      restart: {
        atSecond: restart.atSecond,
        outageSeconds,
        startMs: restart.restartMs ?? null,
        failedDuringRestart: tally(during),
        lastFailureAfterKillSeconds: lastFailureAfterKill,
        firstStartMs: round(firstStartMs, 0)
      },
      stalls,
      machine: { perMinute: machine.minutes, backendRssMiB: machine.lives },
      writes: { acknowledged: ledger.acknowledged, ambiguous: ledger.ambiguous },
      verification,
      readYourWrites: reads,
      lostAcknowledgedWrites: lost,
      unexpected5xx,
      unexpectedFailures: tally(unexpected),
      resetsOnReusedSockets,
      shed,
      verdict,
      pass
    });
    client.close();
  } finally {
    await backend.stop();
    if (failed || opts.keep) log(`kept the data dir and the backend log for a look: ${path.dirname(backend.dataDir)}`);
    else backend.remove();
  }
  if (failed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
