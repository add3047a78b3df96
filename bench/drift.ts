/**
 * npm run bench -- drift [rows] [runs]: drift of every flights feature (delay, distance, departure
 * hour; origin, destination) over 1M current rows (May–June 2001) against 1M reference rows
 * (January–March, the first 1M), from flights-3m.parquet. Timed: building both sides' sketches (the
 * reference profile as a version gets it, the window's sketches from its columns as the aggregator
 * builds them) and computing every statistic (KS with p-value, Wasserstein, PSI; chi-square with
 * p-value, Jensen–Shannon, PSI). The whole computation runs `runs` times (default 5) over the same
 * rows: the first run (a cold start: nothing compiled yet) and the median are reported, with the
 * machine's load average around them and the process's CPU time per run — on a shared machine the
 * wall-clock figures move with the load, the CPU time much less. Reading the
 * Parquet file with DuckDB is reported apart. Peak memory: the process's maximum resident set size,
 * which includes the rows read.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { compareFeature } from '../server/monitoring/drift/compare';
import { emptySketchFor, profileColumns, type ReferenceColumn } from '../server/monitoring/drift/profile';
import { FeatureSketch } from '../server/monitoring/drift/sketches/feature-sketch';
import { chiSquareContingency } from '../server/monitoring/drift/statistics/chi-square';
import { jensenShannonCategories } from '../server/monitoring/drift/statistics/jensen-shannon';
import { ksPValue } from '../server/monitoring/drift/statistics/ks';
import { populationStabilityIndex } from '../server/monitoring/drift/statistics/psi';
import { weightedWassersteinDistance } from '../server/monitoring/drift/statistics/wasserstein';
import { weightedCdfGap } from '../server/monitoring/drift/statistics/weighted';
import { DEFAULT_DRIFT_THRESHOLDS } from '../server/monitoring/drift/thresholds';
import { readParquetColumns, type ColumnRequest } from '../server/monitoring/drift/training-data';
import { FLIGHTS_3M } from './lib/flights-data';
import { report, round } from './lib/measure';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const RUNS = Math.max(1, Number(process.argv[3] ?? 5));
const COLUMNS: ColumnRequest[] = [
  { name: 'delay', kind: 'numeric' },
  { name: 'distance', kind: 'numeric' },
  { name: 'hour', kind: 'numeric', expression: 'hour("date")' },
  { name: 'origin', kind: 'categorical' },
  { name: 'destination', kind: 'categorical' }
];

async function load(months: [number, number]): Promise<{ rows: number; columns: ReferenceColumn[] }> {
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

/** One whole drift computation: the reference profile, the window's sketches, every statistic. */
function computeDrift(reference: Loaded, current: Loaded) {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const profile = profileColumns(reference.columns, reference.rows);
  const t1 = performance.now();
  const window = new Map<string, FeatureSketch>();
  for (const feature of profile) window.set(feature.feature, emptySketchFor(feature));
  for (const column of current.columns) window.get(column.name)!.addMany(column.values);
  const t2 = performance.now();
  const statistics: Record<string, Record<string, number>> = {};
  for (const feature of profile) {
    const ref = FeatureSketch.fromDocument(feature.sketch);
    const cur = window.get(feature.feature)!;
    if (feature.kind === 'numeric') {
      const refView = ref.kll!.sortedView();
      const curView = cur.kll!.sortedView();
      const ks = ksPValue(weightedCdfGap(refView, curView), ref.count, cur.count);
      const w = weightedWassersteinDistance(refView, curView);
      statistics[feature.feature] = {
        ksStatistic: round(ks.statistic, 5),
        ksPValue: ks.pValue,
        wasserstein: round(w, 4),
        wassersteinNormalised: round(w / (feature.std ?? 1), 4),
        psi: round(populationStabilityIndex(ref.histogram!.counts, cur.histogram!.counts), 5)
      };
    } else {
      const chi = chiSquareContingency(ref.categories!.counts, cur.categories!.counts);
      const categories = [...new Set([...ref.categories!.counts.keys(), ...cur.categories!.counts.keys()])];
      statistics[feature.feature] = {
        chiSquare: round(chi.statistic, 2),
        chiSquarePValue: chi.pValue,
        dof: chi.dof,
        jensenShannon: round(jensenShannonCategories(ref.categories!.counts, cur.categories!.counts), 5),
        psi: round(
          populationStabilityIndex(
            categories.map((c) => ref.categories!.counts.get(c) ?? 0),
            categories.map((c) => cur.categories!.counts.get(c) ?? 0)
          ),
          5
        )
      };
    }
  }
  const reportFeatures = profile.map((f) => compareFeature(f, window.get(f.feature)!, reference.rows, DEFAULT_DRIFT_THRESHOLDS)!);
  const t3 = performance.now();
  const { user, system } = process.cpuUsage(cpu);
  const seconds: Phases = {
    referenceProfile: (t1 - t0) / 1000,
    currentSketches: (t2 - t1) / 1000,
    statistics: (t3 - t2) / 1000,
    total: (t3 - t0) / 1000
  };
  return { seconds, cpuSeconds: (user + system) / 1e6, statistics, reportFeatures };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
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
  const { statistics, reportFeatures } = runs[runs.length - 1]!;
  const peakRssMb = round(rssMb(), 1);
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
    drifted: reportFeatures.filter((f) => f.drifted).map((f) => f.feature),
    aims: { under2s: met }
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
