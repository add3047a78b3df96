/**
 * npm run bench -- features [--rows N] [--entity-rows N] [--lookups N]
 *
 * The feature store on the embedded store (SQLite), backend in this process, seeded with the demo
 * catalog from flights-3m: (c) ingestion of the flights file, (a) online lookups of 100 entities ×
 * 50 features over HTTP beside the same lookup through the store port, (b) a point-in-time training
 * set of 1M entity rows against airport_delay_7d and route_delay_30d. Figures, not assertions.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, featuresOf, type Group, type NodeFeaturesApi } from '../kernels/sdk/src/index';
import { OnlineStore } from '../server/features/online-store';
import { startBenchBackend } from './lib/backend';
import { importModule } from './lib/esm';
import { busiestRoutes, writeEntityRows } from './lib/flights-data';
import { load, report, round, timed } from './lib/measure';
import { WIDE_DEFINITION, WIDE_FEATURES, WIDE_GROUP, WIDE_SQL } from './lib/wide-group';

interface Ingestion {
  rows: number;
}
interface Windowed {
  definition: { name: string };
}
interface DemoModule {
  currentGroups(features: NodeFeaturesApi): Promise<Map<string, Group>>;
  prepareCatalog(features: NodeFeaturesApi, groups: Map<string, Group>, log: (line: string) => void): Promise<void>;
  ingestFlights(features: NodeFeaturesApi, group: Group, rows: number | undefined, log: (line: string) => void): Promise<Ingestion>;
  ingestWindowed(
    features: NodeFeaturesApi,
    windowed: Windowed,
    group: Group,
    force: boolean,
    log: (line: string) => void
  ): Promise<Ingestion>;
  materializeGroups(features: NodeFeaturesApi, names: string[], log: (line: string) => void): Promise<void>;
}
interface CatalogModule {
  WINDOWED_GROUPS: Windowed[];
}

const LONG_MS = 60 * 60 * 1000;
const TRAINING_FEATURES = [
  'airport_delay_7d:mean_delay_7d',
  'airport_delay_7d:late_share_7d',
  'airport_delay_7d:flights_7d',
  'route_delay_30d:mean_delay_30d',
  'route_delay_30d:flights_30d'
];

function options() {
  const { values } = parseArgs({ options: { rows: { type: 'string' }, 'entity-rows': { type: 'string' }, lookups: { type: 'string' } } });
  const count = (name: string, text: string | undefined, fallback: number | undefined) => {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < 1) throw new Error(`--${name} must be a positive whole number; got ${text}`);
    return Number(text);
  };
  return {
    rows: count('rows', values.rows, undefined),
    entityRows: count('entity-rows', values['entity-rows'], 1_000_000)!,
    lookups: count('lookups', values.lookups, 2_000)!
  };
}

async function main(): Promise<void> {
  const { rows, entityRows, lookups } = options();
  const seedDir = path.resolve(__dirname, '..', 'scripts', 'seed');
  const demo = await importModule<DemoModule>(path.join(seedDir, 'demo.mjs'));
  const { WINDOWED_GROUPS } = await importModule<CatalogModule>(path.join(seedDir, 'catalog.mjs'));
  const lines: string[] = [];
  const log = (line: string) => console.error(`  seed: ${line}`);
  const backend = await startBenchBackend();
  const work = mkdtempSync(path.join(tmpdir(), 'mlportal-bench-files-'));
  try {
    const features = featuresOf(new Client({ url: backend.url, token: backend.adminToken, timeoutMs: LONG_MS }));

    // (c) ingestion of the flights file, then the rest of the demo catalog.
    const groups = await demo.currentGroups(features);
    await demo.prepareCatalog(features, groups, log);
    const baselineRssMiB = round(process.memoryUsage().rss / 2 ** 20, 1);
    const ingest = await timed(() => demo.ingestFlights(features, groups.get('flights')!, rows, log));
    const ingestion = {
      rows: ingest.result.rows,
      seconds: ingest.seconds,
      rowsPerSecond: Math.round(ingest.result.rows / ingest.seconds),
      baselineRssMiB,
      peakRssMiB: ingest.peakRssMiB
    };
    lines.push(
      `ingestion: ${ingestion.rows} flights in ${ingestion.seconds} s = ${ingestion.rowsPerSecond} rows/s; ` +
        `peak RSS ${ingestion.peakRssMiB} MiB (backend and client in one process, ${baselineRssMiB} MiB before)`
    );
    const transforms: Record<string, number> = {};
    for (const windowed of WINDOWED_GROUPS) {
      const run = await timed(() => demo.ingestWindowed(features, windowed, groups.get(windowed.definition.name)!, false, log));
      transforms[windowed.definition.name] = run.seconds;
    }
    await features.createGroup(WIDE_DEFINITION);
    transforms[WIDE_GROUP] = (
      await timed(() => features.ingest(WIDE_GROUP, { sql: WIDE_SQL, sources: ['flights'] }, { timeoutMs: LONG_MS }))
    ).seconds;
    await demo.materializeGroups(features, [...groups.keys(), WIDE_GROUP], log);
    lines.push(
      `transforms (s): ${Object.entries(transforms)
        .map(([name, s]) => `${name} ${s}`)
        .join(', ')}`
    );

    // (a) online lookups: 100 routes × 50 features, over HTTP and through the store port.
    const entities = await busiestRoutes(100, rows);
    const references = WIDE_FEATURES.map((f) => `${WIDE_GROUP}:${f.name}`);
    const httpLookup = () => features.online({ features: references, entities });
    const sample = await httpLookup();
    const known = sample.values.filter((row) => row.every((v) => v !== null)).length;
    const wide = await features.group(WIDE_GROUP);
    const online = new OnlineStore(backend.store);
    const schema = {
      group: WIDE_GROUP,
      version: wide.version,
      joinKeys: wide.joinKeys,
      eventTime: wide.eventTime,
      features: wide.features
    };
    const storeLookup = () => online.lookup([schema], entities);
    const onlineFigures = {
      entities: entities.length,
      features: references.length,
      entitiesWithValues: known,
      http: {
        c1: await load(httpLookup, { total: lookups, concurrency: 1 }),
        c16: await load(httpLookup, { total: lookups, concurrency: 16 })
      },
      store: {
        c1: await load(storeLookup, { total: lookups, concurrency: 1 }),
        c16: await load(storeLookup, { total: lookups, concurrency: 16 })
      }
    };
    for (const via of ['http', 'store'] as const) {
      for (const c of ['c1', 'c16'] as const) {
        const s = onlineFigures[via][c];
        lines.push(
          `online ${via} ${c}: p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms, ${s.perSecond} req/s (${entities.length} × ${references.length})`
        );
      }
    }

    // (b) a point-in-time training set from an uploaded entity file.
    const entityFile = path.join(work, 'entities.parquet');
    await writeEntityRows(entityFile, entityRows);
    const upload = await timed(() => features.uploadEntities(entityFile, { format: 'parquet' }));
    const build = await timed(() =>
      features.trainingSet(
        { entities: { entityFile: upload.result }, timestampColumn: 'date', features: TRAINING_FEATURES, name: 'bench' },
        { withData: false, timeoutMs: LONG_MS }
      )
    );
    const trainingSet = {
      rows: build.result.rowCount,
      features: TRAINING_FEATURES.length,
      entityFileBytes: statSync(entityFile).size,
      uploadSeconds: upload.seconds,
      seconds: build.seconds,
      rowsPerSecond: Math.round(build.result.rowCount / build.seconds),
      peakRssMiB: build.peakRssMiB
    };
    lines.push(
      `training set: ${trainingSet.rows} rows × ${trainingSet.features} features in ${trainingSet.seconds} s = ${trainingSet.rowsPerSecond} rows/s ` +
        `(entity file upload ${trainingSet.uploadSeconds} s)`
    );

    const aims = { onlineP99Under5msC1: onlineFigures.http.c1.p99Ms < 5, trainingSetUnder10s: trainingSet.seconds < 10 };
    lines.push(
      `aims: online p99 < 5 ms at concurrency 1: ${aims.onlineP99Under5msC1 ? 'met' : 'missed'}; training set < 10 s: ${aims.trainingSetUnder10s ? 'met' : 'missed'}`
    );
    report('features', lines, {
      store: 'sqlite',
      flights: ingestion.rows,
      ingestion,
      transforms,
      online: onlineFigures,
      trainingSet,
      aims
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
    await backend.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
