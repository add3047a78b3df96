import { normalSample, seededRandom } from '../testing/random';
import { CategoryCounts, MAX_CATEGORIES, OTHER_CATEGORY } from './categories';
import { FeatureSketch } from './feature-sketch';
import { FixedBinHistogram } from './histogram';
import { KLL_RANK_ERROR, KllSketch } from './kll';
import { sortedNumbers } from './sort-numbers';

/** The largest gap between the sketch's rank estimate and the exact rank, over the data's own values. */
function worstRankError(sketch: KllSketch, sortedExact: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < sortedExact.length; i += Math.max(1, Math.floor(sortedExact.length / 2000))) {
    const x = sortedExact[i]!;
    let upper = i;
    while (upper + 1 < sortedExact.length && sortedExact[upper + 1] === x) upper++;
    const exact = (upper + 1) / sortedExact.length;
    worst = Math.max(worst, Math.abs(sketch.cdf(x) - exact));
  }
  return worst;
}

function sketchOf(values: number[], seed?: number): KllSketch {
  const sketch = new KllSketch(200, seed);
  for (const v of values) sketch.update(v);
  return sketch;
}

describe('KLL sketch', () => {
  const random = seededRandom(7);
  const data = [...normalSample(random, 60_000, 10, 3), ...normalSample(random, 40_000, 20, 1)];
  const exact = Float64Array.from(data).sort();

  it(`estimates ranks within its stated error (${KLL_RANK_ERROR})`, () => {
    const sketch = sketchOf(data);
    expect(sketch.n).toBe(data.length);
    expect(sketch.min).toBe(exact[0]);
    expect(sketch.max).toBe(exact[exact.length - 1]);
    expect(worstRankError(sketch, exact)).toBeLessThan(KLL_RANK_ERROR);
    // and it holds far fewer items than values
    expect(sketch.sortedView().values.length).toBeLessThan(2000);
  });

  it('is exact while it has not compacted', () => {
    const small = data.slice(0, 200);
    const sketch = sketchOf(small);
    const sorted = Float64Array.from(small).sort();
    expect(worstRankError(sketch, sorted)).toBe(0);
    expect(sketch.quantile(0.5)).toBe(sorted[99]);
  });

  it('merges associatively: (a ∪ b) ∪ c and a ∪ (b ∪ c) both stay within the error of the exact ranks', () => {
    const [a, b, c] = [data.slice(0, 20_000), data.slice(20_000, 70_000), data.slice(70_000)];
    const left = sketchOf(a, 1).merge(sketchOf(b, 2)).merge(sketchOf(c, 3));
    const right = sketchOf(a, 1).merge(sketchOf(b, 2).merge(sketchOf(c, 3)));
    for (const merged of [left, right]) {
      expect(merged.n).toBe(data.length);
      expect(worstRankError(merged, exact)).toBeLessThan(KLL_RANK_ERROR);
    }
    for (const q of [0.1, 0.25, 0.5, 0.75, 0.9])
      expect(Math.abs(left.cdf(left.quantile(q)) - right.cdf(right.quantile(q)))).toBeLessThan(2 * KLL_RANK_ERROR);
  });

  it('reads back from its document unchanged and goes on the same way', () => {
    const sketch = sketchOf(data.slice(0, 50_000));
    const copy = KllSketch.fromDocument(JSON.parse(JSON.stringify(sketch.toDocument())));
    for (const v of data.slice(50_000)) {
      sketch.update(v);
      copy.update(v);
    }
    expect(copy.toDocument()).toEqual(sketch.toDocument());
  });

  it('updateMany gives the sketch update gives, value by value, in batches of any size', () => {
    const oneByOne = sketchOf(data).toDocument();
    const column = Float64Array.from(data);
    const whole = new KllSketch(200);
    whole.updateMany(column);
    expect(whole.toDocument()).toEqual(oneByOne);
    let pieces = new KllSketch(200);
    for (let start = 0, size = 1; start < data.length; start += size, size = (size * 7) % 1_013) {
      const restarted = KllSketch.fromDocument(pieces.toDocument());
      restarted.updateMany(start % 2 ? column : data, start, Math.min(start + size, data.length));
      pieces = restarted;
    }
    expect(pieces.toDocument()).toEqual(oneByOne);
  });

  it(`builds a sketch of sorted values at once, within 1/k of the exact ranks, that merges and takes updates`, () => {
    const sketch = KllSketch.fromSorted(exact);
    expect(sketch.n).toBe(exact.length);
    expect([sketch.min, sketch.max]).toEqual([exact[0], exact[exact.length - 1]]);
    expect(worstRankError(sketch, exact)).toBeLessThan(1 / 200);
    const view = sketch.sortedView();
    expect(view.weights!.reduce((s, w) => s + w, 0)).toBe(exact.length);
    expect(view.values.length).toBeLessThan(2000);
    // an ordinary sketch from here on: its document reads back, it merges with an updated one
    const copy = KllSketch.fromDocument(JSON.parse(JSON.stringify(sketch.toDocument())));
    const more = normalSample(random, 30_000, 15, 2);
    copy.merge(sketchOf(more));
    for (const v of more.slice(0, 5_000)) copy.update(v);
    const all = Float64Array.from([...data, ...more, ...more.slice(0, 5_000)]).sort();
    expect(copy.n).toBe(all.length);
    expect(worstRankError(copy, all)).toBeLessThan(KLL_RANK_ERROR);
    // up to k values it keeps them all
    const few = exact.subarray(0, 200);
    expect(worstRankError(KllSketch.fromSorted(few), few)).toBe(0);
    expect(KllSketch.fromSorted(new Float64Array(0)).n).toBe(0);
  });

  it('gives the same sketch for the same values in one batch or many', () => {
    const whole = sketchOf(data);
    let pieces = new KllSketch(200);
    for (let start = 0; start < data.length; start += 7_919) {
      const restarted = KllSketch.fromDocument(pieces.toDocument());
      for (const v of data.slice(start, start + 7_919)) restarted.update(v);
      pieces = restarted;
    }
    expect(pieces.toDocument()).toEqual(whole.toDocument());
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
    const numeric = FeatureSketch.numeric([0, 10]);
    [1, null, 5, Number.NaN, 11, -3, '7'].forEach((v) => numeric.add(v as number | string | null));
    expect(numeric.count).toBe(5);
    expect(numeric.nulls).toBe(2);
    expect(numeric.histogram!.counts).toEqual([1, 3, 1]);
    const other = FeatureSketch.numeric([0, 10]);
    other.add(20);
    const merged = FeatureSketch.fromDocument(JSON.parse(JSON.stringify(numeric.toDocument()))).merge(other);
    expect(merged.count).toBe(6);
    expect(merged.sum).toBe(41);
    expect(merged.histogram!.counts).toEqual([1, 3, 2]);

    // the columnar path gives the sketch value-by-value adds give
    const values = [1, null, 5, Number.NaN, 11, -3, '7', true, Infinity, undefined, ...normalSample(seededRandom(3), 5_000, 5, 4)];
    const oneByOne = FeatureSketch.numeric([0, 5, 10]);
    values.forEach((v) => oneByOne.add(v as number | string | boolean | null | undefined));
    const columnar = FeatureSketch.numeric([0, 5, 10]);
    columnar.addMany(values as Array<number | string | boolean | null | undefined>);
    expect(columnar.toDocument()).toEqual(oneByOne.toDocument());
    const typed = FeatureSketch.numeric([0, 5, 10]);
    typed.addMany(Float64Array.from(values, (v) => (v === null || v === undefined ? NaN : Number(v))));
    expect(typed.toDocument()).toEqual(oneByOne.toDocument());
    const sorted = Float64Array.from(values.slice(10) as number[]).sort();
    const ofSorted = FeatureSketch.numericOfSorted(sorted, [0, 5, 10]);
    expect(ofSorted.histogram!.counts).toEqual(binsOf(sorted, [0, 5, 10]));
    expect([ofSorted.count, ofSorted.kll!.n]).toEqual([5_000, 5_000]);

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
