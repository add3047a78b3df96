/**
 * KS and Wasserstein on the value grid against the same statistics over the raw values (the
 * sample functions scipy.test.ts checks against SciPy): never above them, and below them by no more
 * than the error each reports, which for KS is at most GRID_CELL_SHARE.
 */
import { GridCounts } from '../sketches/grid-counts';
import { GRID_CELL_SHARE, ValueGrid } from '../sketches/value-grid';
import { normalSample, seededRandom } from '../testing/random';
import { gridDistances } from './grid-distances';
import { weightedCdfArea, weightedCdfGap } from './weighted';

const random = seededRandom(99);
const lognormal = (n: number, mu: number, sigma: number) => Float64Array.from(normalSample(random, n, mu, sigma), Math.exp);
const integers = (values: Float64Array) => values.map(Math.round);

const cases: Record<string, [reference: Float64Array, current: Float64Array]> = {
  'skewed, shifted': [lognormal(50_000, 0, 1), lognormal(40_000, 0.05, 1)],
  'skewed, wider': [lognormal(50_000, 0, 1), lognormal(40_000, 0, 1.1)],
  'skewed, the same distribution': [lognormal(50_000, 0, 1), lognormal(40_000, 0, 1)],
  'heavy tail (Pareto 1.5)': [
    Float64Array.from({ length: 50_000 }, () => (1 - random()) ** (-1 / 1.5)),
    Float64Array.from({ length: 40_000 }, () => 1.05 * (1 - random()) ** (-1 / 1.5))
  ],
  'window beyond the reference on both sides': [lognormal(30_000, 0, 0.5), Float64Array.from(normalSample(random, 20_000, 1, 3))],
  'whole numbers (every reference value an edge)': [integers(lognormal(50_000, 3, 0.8)), integers(lognormal(40_000, 3.05, 0.8))],
  'whole numbers, the window between them': [
    integers(lognormal(20_000, 3, 0.5)).map((x) => 2 * x),
    integers(lognormal(20_000, 3.1, 0.5)).map((x) => 2 * x + 1)
  ]
};

describe('KS and Wasserstein on the value grid', () => {
  it.each(Object.keys(cases))('%s: within the reported error of the exact statistics', (name) => {
    const [reference, current] = cases[name]!;
    const sortedReference = Float64Array.from(reference).sort();
    const grid = ValueGrid.ofSorted(sortedReference);
    const window = GridCounts.empty(grid.edges.length);
    window.addMany(grid, current);
    const found = gridDistances(grid, GridCounts.ofSorted(grid, sortedReference), window);

    const exactSamples = [
      { values: sortedReference, weights: null },
      { values: Float64Array.from(current).sort(), weights: null }
    ] as const;
    const ks = weightedCdfGap(...exactSamples);
    const wasserstein = weightedCdfArea(...exactSamples);
    const rounding = 1e-9 * wasserstein;
    expect(found.ksError).toBeLessThanOrEqual(GRID_CELL_SHARE);
    expect(found.ks).toBeLessThanOrEqual(ks + 1e-12);
    expect(ks - found.ks).toBeLessThanOrEqual(found.ksError + 1e-12);
    expect(found.wasserstein).toBeLessThanOrEqual(wasserstein + rounding);
    expect(wasserstein - found.wasserstein).toBeLessThanOrEqual(found.wassersteinError + rounding);
    if (name.startsWith('whole numbers (')) expect([found.ks, found.ksError]).toEqual([ks, 0]);
  });

  it('refuses counts made on another grid', () => {
    const grid = ValueGrid.ofSorted(Float64Array.of(1, 2, 3));
    expect(() => gridDistances(grid, GridCounts.empty(3), GridCounts.empty(4))).toThrow(/do not fit/);
  });
});
