import { normalSample, seededRandom } from '../testing/random';
import { CategoryCounts, MAX_CATEGORIES, OTHER_CATEGORY } from './categories';
import { FeatureSketch } from './feature-sketch';
import { FixedBinHistogram } from './histogram';
import { GridCounts, type GridCountsDocument } from './grid-counts';
import { binIndex } from '../statistics/psi';
import { sortedNumbers } from './sort-numbers';
import { GRID_CELL_SHARE, MAX_GRID_EDGES, ValueGrid } from './value-grid';

describe('value grid and grid counts', () => {
  const random = seededRandom(7);
  const skewed = Float64Array.from(normalSample(random, 100_000, 0, 1), (x) => Math.exp(x)).sort();

  /** How many values of `sorted` lie in each open cell of the grid (strictly between two edges, or beyond them). */
  function insideCounts(grid: ValueGrid, sorted: Float64Array): number[] {
    const inside = new Array<number>(grid.edges.length + 1).fill(0);
    let cell = 0;
    for (const x of sorted) {
      while (cell < grid.edges.length && grid.edges[cell]! < x) cell++;
      if (grid.edges[cell] !== x) inside[cell]!++;
    }
    return inside;
  }

  it('keeps a reference of at most 2,048 distinct values whole: every value an edge, nothing between', () => {
    const integers = Float64Array.from(normalSample(random, 50_000, 100, 30), Math.round).sort();
    const grid = ValueGrid.ofSorted(integers);
    expect(Array.from(grid.edges)).toEqual([...new Set(integers)]);
    const counts = GridCounts.ofSorted(grid, integers).toDocument();
    expect(counts.cells).toEqual([]);
    expect(counts.points.reduce((s, [, n]) => s + n, 0)).toBe(integers.length);
    expect(ValueGrid.ofSorted(new Float64Array(0)).edges.length).toBe(0);
  });

  it(`takes at most ${MAX_GRID_EDGES} edges from the reference, min and max among them, with at most 1/1024 of it between neighbours`, () => {
    const grid = ValueGrid.ofSorted(skewed);
    const edges = Array.from(grid.edges);
    expect(edges.length).toBeGreaterThan(1024);
    expect(edges.length).toBeLessThanOrEqual(MAX_GRID_EDGES);
    expect([edges[0], edges[edges.length - 1]]).toEqual([skewed[0], skewed[skewed.length - 1]]);
    expect(edges.every((e, i) => i === 0 || e > edges[i - 1]!)).toBe(true);
    const inside = insideCounts(grid, skewed);
    expect(inside[0]).toBe(0);
    expect(inside[edges.length]).toBe(0);
    expect(Math.max(...inside)).toBeLessThanOrEqual(skewed.length * GRID_CELL_SHARE);
    // narrow where values are sparse: no cell's count × width comes near that of the last of 1,024 equal shares (the right tail)
    const area = Math.max(...edges.slice(1).map((e, j) => inside[j + 1]! * (e - edges[j]!)));
    const lastShare = (skewed.length / 1024) * (skewed[skewed.length - 1]! - skewed[Math.floor((1023 / 1024) * skewed.length)]!);
    expect(area).toBeLessThan(lastShare / 100);
  });

  it('finds the first edge at or above a value as binIndex does: edges, values between and beyond them, slice boundaries', () => {
    const grids = [
      ValueGrid.ofSorted(skewed),
      ValueGrid.ofSorted(Float64Array.of(-5, 0.1, 0.2, 0.3, 1e6)),
      ValueGrid.ofSorted(Float64Array.of(3))
    ];
    for (const grid of grids) {
      const edges = Array.from(grid.edges);
      const [min, max] = [edges[0]!, edges[edges.length - 1]!];
      const slices = Array.from({ length: 5_000 }, (_, i) => min + ((max - min) * i) / 4_999);
      const probes = [
        ...edges,
        ...edges.map((e) => e - 1e-9),
        ...edges.map((e) => e + 1e-9),
        ...slices,
        min - 1,
        max + 1,
        -Infinity,
        Infinity
      ];
      for (const x of probes) expect([x, grid.cellOf(x)]).toEqual([x, binIndex(grid.edges, x)]);
    }
  });

  it('counts a column as it counts the sorted values, in one batch or many, and merges in any order to the same document', () => {
    const grid = ValueGrid.ofSorted(skewed);
    const column = Float64Array.from(normalSample(random, 30_000, 0.2, 1.1), (x) => Math.exp(x));
    const whole = GridCounts.empty(grid.edges.length);
    whole.addMany(grid, column);
    expect(whole.toDocument()).toEqual(GridCounts.ofSorted(grid, Float64Array.from(column).sort()).toDocument());
    const pieces = [0, 7_000, 7_001, 19_999, 30_000].slice(1).map((end, i, ends) => {
      const piece = GridCounts.empty(grid.edges.length);
      piece.addMany(grid, column, i === 0 ? 0 : ends[i - 1]!, end);
      return JSON.parse(JSON.stringify(piece.toDocument())) as GridCountsDocument;
    });
    const forwards = GridCounts.empty(grid.edges.length);
    pieces.forEach((doc) => forwards.merge(GridCounts.fromDocument(doc)));
    const backwards = GridCounts.fromDocument(pieces[3]!);
    [2, 1, 0].forEach((i) => backwards.merge(GridCounts.fromDocument(pieces[i]!)));
    expect(forwards.toDocument()).toEqual(whole.toDocument());
    expect(backwards.toDocument()).toEqual(whole.toDocument());
    // offsets are whole units: the sums are integers however they were added
    expect(whole.toDocument().cells.every(([, , offset]) => Number.isInteger(offset))).toBe(true);
    expect(() => whole.merge(GridCounts.empty(3))).toThrow(/cannot merge/);
    expect(() => GridCounts.empty(3).addMany(grid, column)).toThrow(/cannot count/);
  });
});

function binsOf(values: ArrayLike<number>, edges: number[]): number[] {
  const histogram = new FixedBinHistogram(edges);
  for (let i = 0; i < values.length; i++) histogram.add(values[i]!);
  return histogram.counts;
}

describe('histograms, category counts and feature sketches', () => {
  it('bins values by the reference edges, (e[i-1], e[i]], and merges by addition', () => {
    const a = new FixedBinHistogram([1, 2, 3]);
    [0, 1, 1.5, 2, 2.5, 3, 4, 100].forEach((v) => a.add(v));
    expect(a.counts).toEqual([2, 2, 2, 2]);
    const b = new FixedBinHistogram([1, 2, 3], [1, 0, 0, 5]);
    expect(a.merge(b).counts).toEqual([3, 2, 2, 7]);
    expect(a.labels()).toEqual(['≤ 1', '(1, 2]', '(2, 3]', '> 3']);
    expect(() => a.merge(new FixedBinHistogram([1, 2]))).toThrow(/different bins/);
    // the bulk paths count as add does: a column, a range of it, and sorted values by binary search
    const values = [0, 1, 1, 1.5, 2, 2.5, 3, 3, 4, 100, -Infinity, Infinity];
    const bulk = new FixedBinHistogram([1, 2, 3]);
    bulk.addMany(Float64Array.from(values));
    bulk.addMany(values, 2, 5);
    expect(bulk.counts).toEqual(binsOf([...values, ...values.slice(2, 5)], [1, 2, 3]));
    const sorted = new FixedBinHistogram([1, 2, 3]);
    sorted.addSorted(Float64Array.from(values).sort());
    expect(sorted.counts).toEqual(binsOf(values, [1, 2, 3]));
  });

  it('counts categories and folds the ones past the cap into one', () => {
    const counts = new CategoryCounts();
    for (let i = 0; i < MAX_CATEGORIES + 10; i++) counts.add(`c${i}`);
    counts.add('c0', 4);
    expect(counts.counts.size).toBe(MAX_CATEGORIES + 1);
    expect(counts.counts.get(OTHER_CATEGORY)).toBe(10);
    expect(counts.counts.get('c0')).toBe(5);
    expect(counts.total()).toBe(MAX_CATEGORIES + 14);
  });

  it('feature sketches count nulls, merge, and survive their document', () => {
    const grid = ValueGrid.ofSorted(Float64Array.of(-3, 0, 1, 5, 10));
    const numeric = FeatureSketch.numeric([0, 10], grid);
    [1, null, 5, Number.NaN, 11, -3, '7'].forEach((v) => numeric.add(v as number | string | null));
    expect(numeric.count).toBe(5);
    expect(numeric.nulls).toBe(2);
    expect(numeric.histogram!.counts).toEqual([1, 3, 1]);
    const other = FeatureSketch.numeric([0, 10], grid);
    other.add(20);
    const merged = FeatureSketch.fromDocument(JSON.parse(JSON.stringify(numeric.toDocument()))).merge(other);
    expect(merged.count).toBe(6);
    expect(merged.sum).toBe(41);
    expect(merged.histogram!.counts).toEqual([1, 3, 2]);
    // -3, 1 and 5 on edges; 7 in (5, 10) and 11, 20 above 10, each kept as its offset from the cell's inner edge in units of 13 / 2³⁰
    const units = (x: number) => Math.round((x * 2 ** 30) / 13);
    expect(merged.cells!.toDocument()).toEqual({
      size: 5,
      points: [
        [0, 1],
        [2, 1],
        [3, 1]
      ],
      cells: [
        [4, 1, units(2)],
        [5, 2, units(1) + units(10)]
      ]
    });
    expect(() => merged.add(1)).toThrow(/takes no values/);

    // the columnar path gives the sketch value-by-value adds give
    const values = [1, null, 5, Number.NaN, 11, -3, '7', true, Infinity, undefined, ...normalSample(seededRandom(3), 5_000, 5, 4)];
    const oneByOne = FeatureSketch.numeric([0, 5, 10], grid);
    values.forEach((v) => oneByOne.add(v as number | string | boolean | null | undefined));
    const columnar = FeatureSketch.numeric([0, 5, 10], grid);
    columnar.addMany(values as Array<number | string | boolean | null | undefined>);
    expect(columnar.toDocument()).toEqual(oneByOne.toDocument());
    const typed = FeatureSketch.numeric([0, 5, 10], grid);
    typed.addMany(Float64Array.from(values, (v) => (v === null || v === undefined ? NaN : Number(v))));
    expect(typed.toDocument()).toEqual(oneByOne.toDocument());
    const sorted = Float64Array.from(values.slice(10) as number[]).sort();
    const ofSorted = FeatureSketch.numericOfSorted(sorted, [0, 5, 10], grid);
    expect(ofSorted.histogram!.counts).toEqual(binsOf(sorted, [0, 5, 10]));
    const fromColumn = FeatureSketch.numeric([0, 5, 10], grid);
    fromColumn.addMany(Float64Array.from(values.slice(10) as number[]));
    expect(ofSorted.cells!.toDocument()).toEqual(fromColumn.cells!.toDocument());
    expect(ofSorted.count).toBe(5_000);

    const categorical = FeatureSketch.categorical();
    ['SFO', 'LAX', true, 'SFO', null].forEach((v) => categorical.add(v));
    const back = FeatureSketch.fromDocument(JSON.parse(JSON.stringify(categorical.toDocument())));
    expect(Object.fromEntries(back.categories!.counts)).toEqual({ SFO: 2, LAX: 1, true: 1 });
    expect(back.nulls).toBe(1);
    expect(() => back.merge(numeric)).toThrow(/cannot merge/);

    const mixed = ['SFO', 1, '1', null, true, 'true', undefined, 'LAX', 'SFO', Number.NaN];
    const categoriesOneByOne = FeatureSketch.categorical();
    mixed.forEach((v) => categoriesOneByOne.add(v as string | number | boolean | null | undefined));
    const categoriesColumnar = FeatureSketch.categorical();
    categoriesColumnar.addMany(mixed as Array<string | number | boolean | null | undefined>);
    expect(categoriesColumnar.toDocument()).toEqual(categoriesOneByOne.toDocument());
    expect([...categoriesColumnar.categories!.counts.keys()]).toEqual([...categoriesOneByOne.categories!.counts.keys()]);
  });

  it('admits the same categories under the cap in one batch as one by one', () => {
    const values = Array.from({ length: 3 * MAX_CATEGORIES }, (_, i) => `c${(i * 7919) % (MAX_CATEGORIES + 300)}`);
    const oneByOne = new CategoryCounts();
    values.forEach((v) => oneByOne.add(v));
    const batched = new CategoryCounts();
    for (let start = 0; start < values.length; start += 333) batched.addMany(values, start, Math.min(start + 333, values.length));
    expect([...batched.counts.entries()]).toEqual([...oneByOne.counts.entries()]);
    expect(batched.counts.get(OTHER_CATEGORY)).toBeGreaterThan(0);
  });
});

describe('sortedNumbers', () => {
  const sameAsEngine = (column: Float64Array) => {
    const expected = column.filter((v) => !Number.isNaN(v)).sort();
    const sorted = sortedNumbers(column);
    expect(sorted.length).toBe(expected.length);
    expect(sorted.every((v, i) => Object.is(v, expected[i]))).toBe(true);
  };

  it('drops NaN and sorts as Float64Array.prototype.sort does: signs, zeros, infinities, fractions, whole numbers', () => {
    const random = seededRandom(11);
    const special = [-0, 0, -Infinity, Infinity, Number.NaN, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE];
    const mixed = Float64Array.from({ length: 50_000 }, (_, i) =>
      i % 97 === 0 ? special[i % special.length]! : (random() - 0.5) * 10 ** (random() * 40 - 20)
    );
    sameAsEngine(mixed);
    sameAsEngine(Float64Array.from({ length: 50_000 }, () => Math.round((random() - 0.3) * 2_000)));
    sameAsEngine(Float64Array.from({ length: 50_000 }, () => 7));
    sameAsEngine(Float64Array.from({ length: 50_000 }, () => -Math.round(random() * 100)));
    sameAsEngine(Float64Array.from({ length: 50_000 }, (_, i) => (i % 1000 === 0 ? Number.NaN : random())));
    sameAsEngine(Float64Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? Number.NaN : random() - 0.5)));
    sameAsEngine(new Float64Array(0));
  });
});
