/**
 * One feature's current-window summary in one time bucket: row and null counts, and for a numeric
 * feature counts on the reference's value grid (for KS and Wasserstein), moments and counts over
 * the reference's decile bins (for PSI); for a categorical one, the category counts. Built from
 * values one by one, merged with others of the same feature, and kept as a store document — its
 * size depends on the reference's grid, never on the rows it saw.
 */
import { FixedBinHistogram } from './histogram';
import { CategoryCounts, categoryOf } from './categories';
import { GridCounts, type GridCountsDocument } from './grid-counts';
import type { ValueGrid } from './value-grid';

export type FeatureKind = 'numeric' | 'categorical';
export type FeatureValue = string | number | boolean | null | undefined;

export type FeatureSketchDocument =
  | {
      kind: 'numeric';
      count: number;
      nulls: number;
      sum: number;
      sumSquares: number;
      cells: GridCountsDocument;
      edges: number[];
      bins: number[];
    }
  | { kind: 'categorical'; count: number; nulls: number; categories: Array<[string, number]> };

export class FeatureSketch {
  count = 0;
  nulls = 0;
  sum = 0;
  sumSquares = 0;
  readonly cells: GridCounts | null;
  readonly histogram: FixedBinHistogram | null;
  readonly categories: CategoryCounts | null;
  /** The value grid numeric values are counted on: null for a sketch read from its document, which only merges. */
  private readonly grid: ValueGrid | null;

  private constructor(
    readonly kind: FeatureKind,
    parts: { cells?: GridCounts; grid?: ValueGrid; histogram?: FixedBinHistogram; categories?: CategoryCounts }
  ) {
    this.cells = parts.cells ?? null;
    this.grid = parts.grid ?? null;
    this.histogram = parts.histogram ?? null;
    this.categories = parts.categories ?? null;
  }

  /** A numeric sketch counting over the reference's decile `edges` and on its value `grid`. */
  static numeric(edges: readonly number[], grid: ValueGrid): FeatureSketch {
    return new FeatureSketch('numeric', { cells: GridCounts.empty(grid.edges.length), grid, histogram: new FixedBinHistogram(edges) });
  }

  /**
   * The sketch of a whole numeric column at hand, `sorted` ascending, finite (a reference profile,
   * which sorts anyway for its deciles and grid): the grid and the bins counted along the order.
   */
  static numericOfSorted(sorted: Float64Array, edges: readonly number[], grid: ValueGrid): FeatureSketch {
    const histogram = new FixedBinHistogram(edges);
    histogram.addSorted(sorted);
    const sketch = new FeatureSketch('numeric', { cells: GridCounts.ofSorted(grid, sorted), grid, histogram });
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
    this.cells!.addMany(this.countingGrid(), [x]);
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
    this.cells!.addMany(this.countingGrid(), values);
    this.histogram!.addMany(values);
  }

  private countingGrid(): ValueGrid {
    if (!this.grid) throw new RangeError('a numeric sketch read from its document takes no values: merge it into one made for the profile');
    return this.grid;
  }

  merge(other: FeatureSketch): this {
    if (other.kind !== this.kind) throw new RangeError(`cannot merge a ${other.kind} sketch into a ${this.kind} one`);
    this.count += other.count;
    this.nulls += other.nulls;
    this.sum += other.sum;
    this.sumSquares += other.sumSquares;
    if (this.kind === 'numeric') {
      this.cells!.merge(other.cells!);
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
      cells: this.cells!.toDocument(),
      edges: [...this.histogram!.edges],
      bins: [...this.histogram!.counts]
    };
  }

  static fromDocument(doc: FeatureSketchDocument): FeatureSketch {
    const sketch =
      doc.kind === 'numeric'
        ? new FeatureSketch('numeric', { cells: GridCounts.fromDocument(doc.cells), histogram: new FixedBinHistogram(doc.edges, doc.bins) })
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
