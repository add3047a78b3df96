/**
 * One feature's current-window summary in one time bucket: row and null counts, and for a numeric
 * feature a KLL sketch, moments and counts over the reference's bins; for a categorical one, the
 * category counts. Built from values one by one, merged with others of the same feature, and kept
 * as a store document — its size depends on the sketch parameters, never on the rows it saw.
 */
import { FixedBinHistogram } from './histogram';
import { CategoryCounts, categoryOf } from './categories';
import { DEFAULT_KLL_K, KllSketch, type KllDocument } from './kll';

export type FeatureKind = 'numeric' | 'categorical';
export type FeatureValue = string | number | boolean | null | undefined;

export type FeatureSketchDocument =
  | { kind: 'numeric'; count: number; nulls: number; sum: number; sumSquares: number; kll: KllDocument; edges: number[]; bins: number[] }
  | { kind: 'categorical'; count: number; nulls: number; categories: Array<[string, number]> };

export class FeatureSketch {
  count = 0;
  nulls = 0;
  sum = 0;
  sumSquares = 0;
  readonly kll: KllSketch | null;
  readonly histogram: FixedBinHistogram | null;
  readonly categories: CategoryCounts | null;

  private constructor(
    readonly kind: FeatureKind,
    parts: { kll?: KllSketch; histogram?: FixedBinHistogram; categories?: CategoryCounts }
  ) {
    this.kll = parts.kll ?? null;
    this.histogram = parts.histogram ?? null;
    this.categories = parts.categories ?? null;
  }

  static numeric(edges: readonly number[], k = DEFAULT_KLL_K): FeatureSketch {
    return new FeatureSketch('numeric', { kll: new KllSketch(k), histogram: new FixedBinHistogram(edges) });
  }

  /**
   * The sketch of a whole numeric column at hand, `sorted` ascending without nulls (a reference
   * profile, which sorts anyway for its deciles): the quantile sketch built at once from the order
   * (KllSketch.fromSorted), the bins counted by binary search — no per-value work.
   */
  static numericOfSorted(sorted: Float64Array, edges: readonly number[], k = DEFAULT_KLL_K): FeatureSketch {
    const histogram = new FixedBinHistogram(edges);
    histogram.addSorted(sorted);
    const sketch = new FeatureSketch('numeric', { kll: KllSketch.fromSorted(sorted, k), histogram });
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < sorted.length; i++) {
      const x = sorted[i]!;
      sum += x;
      sumSquares += x * x;
    }
    sketch.count = sorted.length;
    sketch.sum = sum;
    sketch.sumSquares = sumSquares;
    return sketch;
  }

  static categorical(): FeatureSketch {
    return new FeatureSketch('categorical', { categories: new CategoryCounts() });
  }

  /** null, undefined and NaN count as nulls; a numeric feature takes numbers (and numeric text), a categorical one anything. */
  add(value: FeatureValue): void {
    if (value === null || value === undefined) {
      this.nulls++;
      return;
    }
    if (this.kind === 'categorical') {
      this.count++;
      this.categories!.add(categoryOf(value));
      return;
    }
    const x = typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : Number(value);
    if (!Number.isFinite(x)) {
      this.nulls++;
      return;
    }
    this.addNumber(x);
  }

  /** A numeric feature's value, known to be a number. */
  addNumber(x: number): void {
    this.count++;
    this.sum += x;
    this.sumSquares += x * x;
    this.kll!.update(x);
    this.histogram!.add(x);
  }

  /**
   * add(v) for each v of `values`, in order, giving the same sketch: the columnar path (a window's
   * rows a feature at a time; a Float64Array column with NaN for null).
   */
  addMany(values: Float64Array | ArrayLike<FeatureValue>): void {
    if (this.kind === 'categorical') {
      const nulls = this.categories!.addMany(values as ArrayLike<FeatureValue>);
      this.nulls += nulls;
      this.count += values.length - nulls;
      return;
    }
    const numbers = finiteNumbers(values);
    this.nulls += values.length - numbers.length;
    this.addNumbers(numbers);
  }

  /** addNumber(v) for each v of `values`, in order. */
  addNumbers(values: Float64Array): void {
    let sum = this.sum;
    let sumSquares = this.sumSquares;
    for (let i = 0; i < values.length; i++) {
      const x = values[i]!;
      sum += x;
      sumSquares += x * x;
    }
    this.sum = sum;
    this.sumSquares = sumSquares;
    this.count += values.length;
    this.kll!.updateMany(values);
    this.histogram!.addMany(values);
  }

  merge(other: FeatureSketch): this {
    if (other.kind !== this.kind) throw new RangeError(`cannot merge a ${other.kind} sketch into a ${this.kind} one`);
    this.count += other.count;
    this.nulls += other.nulls;
    this.sum += other.sum;
    this.sumSquares += other.sumSquares;
    if (this.kind === 'numeric') {
      this.kll!.merge(other.kll!);
      this.histogram!.merge(other.histogram!);
    } else {
      this.categories!.merge(other.categories!);
    }
    return this;
  }

  toDocument(): FeatureSketchDocument {
    if (this.kind === 'categorical')
      return { kind: 'categorical', count: this.count, nulls: this.nulls, categories: this.categories!.toEntries() };
    return {
      kind: 'numeric',
      count: this.count,
      nulls: this.nulls,
      sum: this.sum,
      sumSquares: this.sumSquares,
      kll: this.kll!.toDocument(),
      edges: [...this.histogram!.edges],
      bins: [...this.histogram!.counts]
    };
  }

  static fromDocument(doc: FeatureSketchDocument): FeatureSketch {
    const sketch =
      doc.kind === 'numeric'
        ? new FeatureSketch('numeric', { kll: KllSketch.fromDocument(doc.kll), histogram: new FixedBinHistogram(doc.edges, doc.bins) })
        : new FeatureSketch('categorical', { categories: new CategoryCounts(doc.categories) });
    sketch.count = doc.count;
    sketch.nulls = doc.nulls;
    if (doc.kind === 'numeric') {
      sketch.sum = doc.sum;
      sketch.sumSquares = doc.sumSquares;
    }
    return sketch;
  }
}

/** The finite numbers among `values`, in order, as add() reads them (numeric text and booleans as numbers); the column itself when it is all finite. */
function finiteNumbers(values: Float64Array | ArrayLike<FeatureValue>): Float64Array {
  if (values instanceof Float64Array) {
    let finite = 0;
    for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) finite++;
    if (finite === values.length) return values;
    const kept = new Float64Array(finite);
    let at = 0;
    for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) kept[at++] = values[i]!;
    return kept;
  }
  const kept = new Float64Array(values.length);
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) continue;
    const x = typeof value === 'number' ? value : Number(value);
    if (Number.isFinite(x)) kept[at++] = x;
  }
  return kept.subarray(0, at);
}
