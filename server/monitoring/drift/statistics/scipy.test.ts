/**
 * Each statistic against SciPy 1.17 (the test clients' environment) on the same datasets.
 * Tolerances: exact formulas (KS statistic and its exact p-value, Wasserstein, chi-square with its
 * p-value, Jensen–Shannon, PSI) agree to 1e-9 relative (absolute below 1e-12); the asymptotic KS
 * p-value (kstwo.sf: Pelz–Good where SciPy takes a large Durbin matrix) to 1e-5 absolute.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runTestClientScript } from '../../../testing/test-clients';
import { makeTempDir, type TempDir } from '../../../testing/temp-dir';
import { categoricalCounts, normalSample, seededRandom } from '../testing/random';
import { chiSquareContingency } from './chi-square';
import { jensenShannonCategories } from './jensen-shannon';
import { kolmogorovSurvival } from './kolmogorov';
import { ks2samp } from './ks';
import { binCounts, decileEdges, populationStabilityIndex } from './psi';
import { wassersteinDistance } from './wasserstein';

const SCRIPT = path.join(__dirname, '..', 'testing', 'scipy_reference.py');

interface NumericCase {
  reference: number[];
  current: number[];
}
interface NumericAnswer {
  ks: { statistic: number; pValue: number };
  wasserstein: number;
  referenceStd: number;
  psi: number;
  edges: number[];
}
interface CategoricalAnswer {
  chiSquare: { statistic: number; pValue: number; dof: number };
  jensenShannon: number;
  psi: number;
}
interface Answers {
  numeric: Record<string, NumericAnswer>;
  categorical: Record<string, CategoricalAnswer>;
  kstwo: number[];
}

const random = seededRandom(20240607);
const integers = (n: number, max: number) => Array.from({ length: n }, () => Math.floor(random() * (max + 1)));
const numeric: Record<string, NumericCase> = {
  equal: { reference: normalSample(random, 300), current: normalSample(random, 300) },
  shifted: { reference: normalSample(random, 500, 0, 1), current: normalSample(random, 700, 0.4, 1.2) },
  differentSizes: { reference: normalSample(random, 40, 5, 2), current: normalSample(random, 2000, 5.5, 2) },
  ties: { reference: integers(200, 5), current: integers(350, 6) },
  identical: { reference: [1, 2, 3, 4, 5], current: [1, 2, 3, 4, 5] },
  largeAsymptotic: { reference: normalSample(random, 12_000), current: normalSample(random, 15_000, 0.02) },
  largeUneven: { reference: normalSample(random, 20_000), current: normalSample(random, 300, 0.1) }
};
const categorical: Record<string, { reference: Record<string, number>; current: Record<string, number> }> = {
  equal: {
    reference: categoricalCounts(random, 800, { SFO: 3, LAX: 2, ORD: 1 }),
    current: categoricalCounts(random, 600, { SFO: 3, LAX: 2, ORD: 1 })
  },
  unseen: { reference: { SFO: 400, LAX: 300, ORD: 200 }, current: { SFO: 100, LAX: 150, ORD: 90, JFK: 60 } },
  twoCategories: { reference: { true: 120, false: 80 }, current: { true: 95, false: 105 } },
  manyCategories: {
    reference: categoricalCounts(random, 5000, Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`c${i}`, 1 + (i % 7)]))),
    current: categoricalCounts(random, 3000, Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`c${i}`, 1 + ((i + 3) % 7)])))
  }
};
const kstwoPoints: Array<[number, number]> = [
  [50, 0.05],
  [50, 0.2],
  [120, 0.1],
  [120, 0.3],
  [141, 0.01],
  [141, 0.08],
  [500, 0.02],
  [500, 0.06],
  [5000, 0.01],
  [5000, 0.03],
  [100_000, 0.002],
  [100_000, 0.005],
  [200_000, 0.003],
  [3, 0.4],
  [10, 0.7],
  [10, 0.95]
];

function expectClose(actual: number, expected: number, what: string, relative = 1e-9, absolute = 1e-12): void {
  const tolerance = Math.max(absolute, relative * Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tolerance))
    throw new Error(`${what}: ${actual} differs from SciPy's ${expected} by more than ${tolerance}`);
}

describe('drift statistics against SciPy', () => {
  let dir: TempDir;
  let answers: Answers;

  beforeAll(async () => {
    dir = makeTempDir('mlportal-drift-scipy-');
    const file = path.join(dir.path, 'datasets.json');
    await fs.writeFile(file, JSON.stringify({ numeric, categorical, kstwo: { points: kstwoPoints } }));
    const result = await runTestClientScript(SCRIPT, [file]);
    if (result.code !== 0) throw new Error(`scipy_reference.py failed (${result.code}): ${result.stderr}`);
    answers = JSON.parse(result.stdout) as Answers;
  }, 120_000);

  afterAll(() => dir?.remove());

  it.each(Object.keys(numeric))('numeric %s: KS, Wasserstein, PSI', (name) => {
    const data = numeric[name]!;
    const expected = answers.numeric[name]!;
    const ks = ks2samp(data.reference, data.current);
    expectClose(ks.statistic, expected.ks.statistic, `${name} KS statistic`);
    const asymptotic = ks.method === 'asymp';
    expectClose(ks.pValue, expected.ks.pValue, `${name} KS p-value (${ks.method})`, asymptotic ? 0 : 1e-9, asymptotic ? 1e-5 : 1e-12);
    expectClose(wassersteinDistance(data.reference, data.current), expected.wasserstein, `${name} Wasserstein`);
    const sorted = Float64Array.from(data.reference).sort();
    const edges = decileEdges(sorted);
    expect(edges.length).toBe(expected.edges.length);
    edges.forEach((e, i) => expectClose(e, expected.edges[i]!, `${name} decile edge ${i}`));
    expectClose(populationStabilityIndex(binCounts(edges, data.reference), binCounts(edges, data.current)), expected.psi, `${name} PSI`);
  });

  it('takes the exact KS distribution for small samples and the asymptotic one past 10,000 values, as ks_2samp(method="auto")', () => {
    expect(ks2samp(numeric.shifted!.reference, numeric.shifted!.current).method).toBe('exact');
    expect(ks2samp(numeric.largeAsymptotic!.reference, numeric.largeAsymptotic!.current).method).toBe('asymp');
  });

  it.each(Object.keys(categorical))('categorical %s: chi-square, Jensen–Shannon, PSI', (name) => {
    const data = categorical[name]!;
    const expected = answers.categorical[name]!;
    const reference = new Map(Object.entries(data.reference));
    const current = new Map(Object.entries(data.current));
    const chi = chiSquareContingency(reference, current);
    expect(chi.dof).toBe(expected.chiSquare.dof);
    expectClose(chi.statistic, expected.chiSquare.statistic, `${name} chi-square statistic`);
    expectClose(chi.pValue, expected.chiSquare.pValue, `${name} chi-square p-value`);
    expectClose(jensenShannonCategories(reference, current), expected.jensenShannon, `${name} Jensen–Shannon`);
    const categories = [...new Set([...reference.keys(), ...current.keys()])];
    expectClose(
      populationStabilityIndex(
        categories.map((c) => reference.get(c) ?? 0),
        categories.map((c) => current.get(c) ?? 0)
      ),
      expected.psi,
      `${name} PSI`
    );
  });

  it('matches kstwo.sf across the algorithms SciPy switches between', () => {
    kstwoPoints.forEach(([n, x], i) => {
      const ours = kolmogorovSurvival(n, x);
      const theirs = answers.kstwo[i]!;
      const exactRegion = n <= 140 || n * x * x >= 2.2 || x >= 0.5;
      expectClose(ours, theirs, `kstwo.sf(${x}, ${n})`, exactRegion ? 1e-9 : 0, exactRegion ? 1e-12 : 1e-5);
    });
  });
});
