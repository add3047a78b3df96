/**
 * The whole drift path against SciPy's exact statistics: a reference profile built from 200,000
 * training rows, a window of 200,000 logged rows sketched a minute at a time, each minute's
 * sketches through their store document and merged, then compareFeature — on skewed data shaped
 * like flight delays (a continuous mixture with a long right tail, skewed whole numbers) and a
 * categorical feature. Each statistic must land within the error the API states for it:
 * KS at most 1/1024 below the exact one; Wasserstein never above the exact one and below it by no
 * more than the bound computed with the comparison (and here within 1 %); PSI, chi-square and
 * Jensen–Shannon exact.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DRIFT_THRESHOLDS } from './thresholds';
import { compareFeature } from './compare';
import { emptySketchFor, gridOf, profileColumns, type ReferenceColumn } from './profile';
import { FeatureSketch } from './sketches/feature-sketch';
import { GRID_CELL_SHARE } from './sketches/value-grid';
import { gridDistances } from './statistics/grid-distances';
import { categoricalCounts, normalSample, seededRandom } from './testing/random';
import { runTestClientScript } from '../../testing/test-clients';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';

const SCRIPT = path.join(__dirname, 'testing', 'scipy_reference.py');
const ROWS = 200_000;
const MINUTES = 60;
const random = seededRandom(20261208);

/** Minutes late: most flights near on time, a share of them in a long exponential tail. */
function delays(n: number, onTime: { mean: number; std: number }, late: { share: number; scale: number }): Float64Array {
  const near = normalSample(random, n, onTime.mean, onTime.std);
  return Float64Array.from(near, (x) => (random() < late.share ? 5 - late.scale * Math.log(1 - random()) : x));
}
const taxiMinutes = (n: number, mu: number) => Float64Array.from(normalSample(random, n, mu, 0.45), (x) => Math.round(Math.exp(x)));
const carriers = (n: number, weights: Record<string, number>) =>
  Object.entries(categoricalCounts(random, n, weights)).flatMap(([carrier, count]) => Array<string>(count).fill(carrier));

const reference: ReferenceColumn[] = [
  { name: 'delay', kind: 'numeric', values: delays(ROWS, { mean: -3, std: 9 }, { share: 0.25, scale: 45 }) },
  { name: 'taxi', kind: 'numeric', values: taxiMinutes(ROWS, 2.7) },
  { name: 'carrier', kind: 'categorical', values: carriers(ROWS, { WN: 30, AA: 20, UA: 18, DL: 17, US: 10, NW: 5 }) }
];
const current: ReferenceColumn[] = [
  { name: 'delay', kind: 'numeric', values: delays(ROWS, { mean: -2, std: 9.5 }, { share: 0.27, scale: 48 }) },
  { name: 'taxi', kind: 'numeric', values: taxiMinutes(ROWS, 2.74) },
  { name: 'carrier', kind: 'categorical', values: carriers(ROWS, { WN: 32, AA: 19, UA: 18, DL: 16, US: 10, NW: 4, B6: 1 }) }
];

interface Answers {
  numeric: Record<string, { ks: { statistic: number }; wasserstein: number; referenceStd: number; psi: number }>;
  categorical: Record<string, { chiSquare: { statistic: number; pValue: number; dof: number }; jensenShannon: number; psi: number }>;
}

function expectWithin(actual: number, expected: number, tolerance: number, what: string): void {
  if (!(Math.abs(actual - expected) <= tolerance))
    throw new Error(`${what}: ${actual} differs from SciPy's ${expected} by ${Math.abs(actual - expected)}, more than ${tolerance}`);
}

describe('drift over 200,000 × 200,000 skewed rows against SciPy', () => {
  let dir: TempDir;
  let answers: Answers;
  const profile = profileColumns(reference);
  // The window as the aggregator keeps it: one sketch per minute, stored, read back and merged.
  const window = new Map(
    profile.map((feature) => {
      const column = current.find((c) => c.name === feature.feature)!.values;
      const merged = emptySketchFor(feature);
      for (let minute = 0; minute < MINUTES; minute++) {
        const bucket = emptySketchFor(feature);
        const [from, to] = [Math.floor((minute * ROWS) / MINUTES), Math.floor(((minute + 1) * ROWS) / MINUTES)];
        bucket.addMany(column instanceof Float64Array ? column.subarray(from, to) : Array.prototype.slice.call(column, from, to));
        merged.merge(FeatureSketch.fromDocument(JSON.parse(JSON.stringify(bucket.toDocument()))));
      }
      return [feature.feature, merged];
    })
  );
  const report = new Map(profile.map((f) => [f.feature, compareFeature(f, window.get(f.feature)!, ROWS, DEFAULT_DRIFT_THRESHOLDS)!]));

  beforeAll(async () => {
    dir = makeTempDir('mlportal-drift-accuracy-');
    const file = (name: string) => ({ f64: path.join(dir.path, `${name}.f64`) });
    const numeric: Record<string, { reference: { f64: string }; current: { f64: string } }> = {};
    for (const [i, column] of reference.entries()) {
      if (column.kind !== 'numeric') continue;
      numeric[column.name] = { reference: file(`${column.name}-reference`), current: file(`${column.name}-current`) };
      await fs.writeFile(numeric[column.name]!.reference.f64, column.values);
      await fs.writeFile(numeric[column.name]!.current.f64, (current[i] as typeof column).values);
    }
    const counts = (values: ArrayLike<string | null>) => {
      const tally: Record<string, number> = {};
      for (const value of Array.from(values)) if (value !== null) tally[value] = (tally[value] ?? 0) + 1;
      return tally;
    };
    const categorical = {
      carrier: { reference: counts(reference[2]!.values as string[]), current: counts(current[2]!.values as string[]) }
    };
    await fs.writeFile(path.join(dir.path, 'datasets.json'), JSON.stringify({ numeric, categorical }));
    const result = await runTestClientScript(SCRIPT, [path.join(dir.path, 'datasets.json')]);
    if (result.code !== 0) throw new Error(`scipy_reference.py failed (${result.code}): ${result.stderr}`);
    answers = JSON.parse(result.stdout) as Answers;
  }, 120_000);

  afterAll(() => dir?.remove());

  it.each(['delay', 'taxi'])('%s: KS within 1/1024, Wasserstein within its bound and 1 %, PSI exact', (name) => {
    const drift = report.get(name)!;
    const exact = answers.numeric[name]!;
    const feature = profile.find((f) => f.feature === name)!;
    const bounds = gridDistances(gridOf(feature), FeatureSketch.fromDocument(feature.sketch).cells!, window.get(name)!.cells!);

    expect(drift.method).toBe('wasserstein');
    expectWithin(drift.ks!.statistic, exact.ks.statistic, GRID_CELL_SHARE, `${name} KS`);
    expect(drift.ks!.statistic).toBeLessThanOrEqual(exact.ks.statistic + 1e-12);
    expect(exact.ks.statistic - drift.ks!.statistic).toBeLessThanOrEqual(bounds.ksError + 1e-12);

    const w = exact.wasserstein;
    expect(drift.wasserstein!).toBeLessThanOrEqual(w * (1 + 1e-9));
    expect(w - drift.wasserstein!).toBeLessThanOrEqual(bounds.wassersteinError + 1e-9 * w);
    expectWithin(drift.wasserstein!, w, 0.01 * w, `${name} Wasserstein`);
    expectWithin(drift.score, w / exact.referenceStd, (0.01 * w) / exact.referenceStd, `${name} Wasserstein / std`);

    expectWithin(drift.psi, exact.psi, 1e-9 * exact.psi, `${name} PSI`);
  });

  it('carrier: chi-square, Jensen–Shannon and PSI exact', () => {
    const drift = report.get('carrier')!;
    const exact = answers.categorical.carrier!;
    expect(drift.method).toBe('jensen-shannon');
    expect(drift.chiSquare!.dof).toBe(exact.chiSquare.dof);
    expectWithin(drift.chiSquare!.statistic, exact.chiSquare.statistic, 1e-9 * exact.chiSquare.statistic, 'chi-square');
    expectWithin(drift.jensenShannon!, exact.jensenShannon, 1e-9 * exact.jensenShannon, 'Jensen–Shannon');
    expectWithin(drift.psi, exact.psi, 1e-9 * exact.psi, 'carrier PSI');
  });
});
