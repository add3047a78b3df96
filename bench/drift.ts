/**
 * npm run bench -- drift [rows] [runs]: drift of every flights feature (delay, distance, departure
 * hour; origin, destination) over 1M current rows (May–June 2001) against 1M reference rows
 * (January–March, the first 1M), from flights-3m.parquet. Timed: building both sides' sketches (the
 * reference profile as a version gets it, the window's sketches from its columns as the aggregator
 * builds them) and comparing each feature as a report does (KS with p-value, Wasserstein, PSI;
 * chi-square with p-value, Jensen–Shannon, PSI). The whole computation runs `runs` times (default 5)
 * over the same rows: the first run (a cold start: nothing compiled yet) and the median are
 * reported, with the machine's load average around them and the process's CPU time per run — on a
 * shared machine the wall-clock figures move with the load, the CPU time much less. Reading the
 * Parquet file with DuckDB is reported apart. Peak memory: the process's maximum resident set size,
 * which includes the rows read. Accuracy, not timed: each numeric statistic against the exact one
 * over the raw values (SciPy when the test clients' environment is installed), with the error bound
 * the comparison computes; and the size of a window's numeric sketch, in memory and stored.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { FeatureDrift } from '@mlportal/contract';
import { compareFeature } from '../server/monitoring/drift/compare';
import { emptySketchFor, gridOf, profileColumns, type NumericColumn, type ReferenceFeature } from '../server/monitoring/drift/profile';
import { FeatureSketch } from '../server/monitoring/drift/sketches/feature-sketch';
import { gridDistances } from '../server/monitoring/drift/statistics/grid-distances';
import { DEFAULT_DRIFT_THRESHOLDS } from '../server/monitoring/drift/thresholds';
import { readParquetColumns, type ColumnRequest } from '../server/monitoring/drift/training-data';
import { exactStatistics, type ExactNumeric } from './lib/drift-exact';
import { FLIGHTS_3M } from './lib/flights-data';
import { median, report, round } from './lib/measure';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const RUNS = Math.max(1, Number(process.argv[3] ?? 5));
const COLUMNS: ColumnRequest[] = [
  { name: 'delay', kind: 'numeric' },
  { name: 'distance', kind: 'numeric' },
  { name: 'hour', kind: 'numeric', expression: 'hour("date")' },
  { name: 'origin', kind: 'categorical' },
  { name: 'destination', kind: 'categorical' }
];

async function load(months: [number, number]) {
  return readParquetColumns(FLIGHTS_3M, COLUMNS, { where: `month("date") BETWEEN ${months[0]} AND ${months[1]}`, limit: ROWS });
}

function rssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

type Loaded = Awaited<ReturnType<typeof load>>;
interface Phases {
  referenceProfile: number;
  currentSketches: number;
  statistics: number;
  total: number;
}

/** One whole drift computation: the reference profile, the window's sketches, every feature compared. */
function computeDrift(reference: Loaded, current: Loaded) {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const profile = profileColumns(reference.columns);
  const t1 = performance.now();
  const window = new Map<string, FeatureSketch>();
  for (const feature of profile) window.set(feature.feature, emptySketchFor(feature));
  for (const column of current.columns) window.get(column.name)!.addMany(column.values);
  const t2 = performance.now();
  const reportFeatures = profile.map((f) => compareFeature(f, window.get(f.feature)!, reference.rows, DEFAULT_DRIFT_THRESHOLDS)!);
  const t3 = performance.now();
  const { user, system } = process.cpuUsage(cpu);
  const seconds: Phases = {
    referenceProfile: (t1 - t0) / 1000,
    currentSketches: (t2 - t1) / 1000,
    statistics: (t3 - t2) / 1000,
    total: (t3 - t0) / 1000
  };
  return { seconds, cpuSeconds: (user + system) / 1e6, profile, window, reportFeatures };
}

function statisticsOf(f: FeatureDrift): Record<string, number> {
  if (f.type === 'numeric')
    return {
      ksStatistic: round(f.ks!.statistic, 5),
      ksPValue: f.ks!.pValue,
      wasserstein: round(f.wasserstein!, 4),
      wassersteinNormalised: round(f.score, 4),
      psi: round(f.psi, 5)
    };
  return {
    chiSquare: round(f.chiSquare!.statistic, 2),
    chiSquarePValue: f.chiSquare!.pValue,
    dof: f.chiSquare!.dof,
    jensenShannon: round(f.jensenShannon!, 5),
    psi: round(f.psi, 5)
  };
}

/** A numeric feature's statistics against the exact ones, with the error bounds the comparison computes. */
function accuracyOf(feature: ReferenceFeature, window: FeatureSketch, drift: FeatureDrift, exact: ExactNumeric) {
  const bounds = gridDistances(gridOf(feature), FeatureSketch.fromDocument(feature.sketch).cells!, window.cells!);
  const percent = (ours: number, theirs: number) => round((100 * (ours - theirs)) / theirs, 4);
  return {
    ks: { ours: drift.ks!.statistic, exact: exact.ks, difference: drift.ks!.statistic - exact.ks, bound: bounds.ksError },
    wasserstein: {
      ours: drift.wasserstein!,
      exact: exact.wasserstein,
      percent: percent(drift.wasserstein!, exact.wasserstein),
      bound: bounds.wassersteinError
    },
    normalised: { ours: drift.score, exact: exact.wasserstein / exact.std, percent: percent(drift.score, exact.wasserstein / exact.std) },
    psi: { ours: drift.psi, exact: exact.psi, percent: percent(drift.psi, exact.psi) }
  };
}

/** A window's numeric sketch: its grid counts in memory (dense), its store document, and the reference feature stored in the profile. */
function sketchSize(window: FeatureSketch, feature: ReferenceFeature) {
  const edges = feature.grid!.edges.length;
  const kb = (bytes: number) => round(bytes / 1024, 1);
  return {
    edges,
    memoryKb: kb((3 * edges + 2) * 8),
    documentKb: kb(JSON.stringify(window.toDocument()).length),
    profileKb: kb(JSON.stringify(feature).length)
  };
}

function rounded(phases: Phases): Phases {
  return {
    referenceProfile: round(phases.referenceProfile),
    currentSketches: round(phases.currentSketches),
    statistics: round(phases.statistics),
    total: round(phases.total)
  };
}

const describe = (p: Phases) =>
  `reference profile ${p.referenceProfile} s, current sketches ${p.currentSketches} s, statistics ${p.statistics} s: total ${p.total} s`;
const loadAverage = () => os.loadavg().map((l) => round(l, 2));

async function main(): Promise<void> {
  const loadStart = performance.now();
  const reference = await load([1, 3]);
  const current = await load([5, 6]);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const rssAfterLoad = rssMb();

  const loadBefore = loadAverage();
  const runs: Array<ReturnType<typeof computeDrift>> = [];
  for (let run = 0; run < RUNS; run++) {
    global.gc?.();
    runs.push(computeDrift(reference, current));
  }
  const loadAfter = loadAverage();
  const first = rounded(runs[0]!.seconds);
  // The phases of the run whose total is the median (the lower middle one for an even count).
  const byTotal = [...runs].sort((a, b) => a.seconds.total - b.seconds.total);
  const middle = rounded(byTotal[(byTotal.length - 1) >> 1]!.seconds);
  const totals = runs.map((r) => round(r.seconds.total));
  const cpuSeconds = round(median(runs.map((r) => r.cpuSeconds)));
  const { profile, window, reportFeatures } = runs[runs.length - 1]!;
  const statistics = Object.fromEntries(reportFeatures.map((f) => [f.feature, statisticsOf(f)]));
  const peakRssMb = round(rssMb(), 1);
  const numeric = reference.columns.filter((c): c is NumericColumn => c.kind === 'numeric');
  const currentOf = (name: string) => (current.columns.find((c) => c.name === name) as NumericColumn).values;
  const exact = await exactStatistics(
    Object.fromEntries(numeric.map((c) => [c.name, { reference: c.values, current: currentOf(c.name) }]))
  );
  const featureOf = (name: string) => profile.findIndex((f) => f.feature === name);
  const accuracy = Object.fromEntries(
    numeric.map(({ name }) => [
      name,
      accuracyOf(profile[featureOf(name)]!, window.get(name)!, reportFeatures[featureOf(name)]!, exact.features[name]!)
    ])
  );
  const sizes = Object.fromEntries(numeric.map(({ name }) => [name, sketchSize(window.get(name)!, profile[featureOf(name)]!)]));
  const signed = (x: number) => `${x >= 0 ? '+' : ''}${round(x, 6)}`;
  const met = middle.total < 2;
  const lines = [
    `flights-3m: ${reference.rows} reference rows (Jan–Mar 2001) vs ${current.rows} current rows (May–Jun 2001), ${COLUMNS.length} features`,
    `read with DuckDB: ${round(loadSeconds, 2)} s (not part of the drift time); RSS after reading ${round(rssAfterLoad, 1)} MB`,
    `machine: ${os.cpus().length} CPUs, load average (1, 5, 15 min) ${loadBefore.join(', ')} before the runs, ${loadAfter.join(', ')} after`,
    `first run (cold): ${describe(first)}`,
    `median of ${RUNS} runs (that run's phases): ${describe(middle)}`,
    `every run's total (s): ${totals.join(', ')}; CPU time of the process per run (median): ${cpuSeconds} s`,
    `peak RSS ${peakRssMb} MB (includes the ${reference.rows + current.rows} rows read into memory: ${round(rssAfterLoad, 1)} MB after reading)`,
    ...reportFeatures.map(
      (f) => `${f.feature}: ${f.method} score ${round(f.score, 4)}${f.drifted ? ' DRIFTED' : ''}, PSI ${round(f.psi, 4)} (${f.psiLevel})`
    ),
    `exact values: ${exact.source}`,
    ...Object.entries(accuracy).map(
      ([name, a]) =>
        `${name}: KS ${round(a.ks.ours, 5)} vs ${round(a.ks.exact, 5)} (${signed(a.ks.difference)}, bound ${round(a.ks.bound, 6)}); ` +
        `W₁ ${round(a.wasserstein.ours, 5)} vs ${round(a.wasserstein.exact, 5)} (${a.wasserstein.percent} %, bound ${round(a.wasserstein.bound, 6)}); ` +
        `W₁/σ ${round(a.normalised.ours, 5)} vs ${round(a.normalised.exact, 5)}; PSI ${round(a.psi.ours, 6)} vs ${round(a.psi.exact, 6)} (${a.psi.percent} %)`
    ),
    ...Object.entries(sizes).map(
      ([name, z]) =>
        `${name}: grid of ${z.edges} edges; window sketch ${z.memoryKb} KB in memory, ${z.documentKb} KB stored; reference feature ${z.profileKb} KB stored`
    ),
    `aim: under 2 s (median): ${met ? 'met' : 'missed'}`
  ];
  report('drift', lines, {
    referenceRows: reference.rows,
    currentRows: current.rows,
    features: COLUMNS.map((c) => c.name),
    loadSeconds: round(loadSeconds, 2),
    runs: RUNS,
    firstRun: first,
    seconds: middle,
    totals,
    cpuSeconds,
    loadAverage: { before: loadBefore, after: loadAfter, cpus: os.cpus().length },
    peakRssMb,
    rssAfterReadingMb: round(rssAfterLoad, 1),
    statistics,
    exactSource: exact.source,
    accuracy,
    sketchSizes: sizes,
    drifted: reportFeatures.filter((f) => f.drifted).map((f) => f.feature),
    aims: { under2s: met }
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
