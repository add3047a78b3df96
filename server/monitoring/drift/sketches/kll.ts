/**
 * A KLL quantile sketch (Karnin, Lang, Liberty 2016): compactors whose capacities shrink by 2/3
 * per level below the top; a full compactor sorts its items and promotes every other one (a coin
 * picks odd or even) to the level above, where each item stands for twice as many values.
 * Mergeable (level-wise concatenation, then compaction) and serialisable to a store document.
 *
 * Rank error: with k = 200 the normalised rank error is below 1.65 % with probability ≥ 99 %
 * (Apache DataSketches' measured bound for KLL at k = 200; Karnin et al. give O(1/k)). While no
 * compactor has been compacted (up to k values) the sketch holds every value: exact.
 * The coin is a seeded generator whose state travels with the sketch, so the same values in the
 * same order give the same sketch, in one batch or many, before or after a restart.
 * updateMany is update applied to each value in turn (the same compactions at the same points),
 * done as bulk copies between compactions.
 */
import type { WeightedSample } from '../statistics/weighted';
import { Compactor } from './compactor';

export const DEFAULT_KLL_K = 200;
/** The stated normalised rank error at k = 200 (99 % confidence). */
export const KLL_RANK_ERROR = 0.0165;
const CAPACITY_RATIO = 2 / 3;
const MIN_CAPACITY = 8;

export interface KllDocument {
  k: number;
  n: number;
  min: number | null;
  max: number | null;
  seed: number;
  /** levels[h]: items of weight 2^h. */
  levels: number[][];
}

export class KllSketch {
  private levels: Compactor[] = [new Compactor()];
  private size = 0;
  private maxSize: number;
  private count = 0;
  private minimum = Infinity;
  private maximum = -Infinity;

  constructor(
    readonly k = DEFAULT_KLL_K,
    private seed = 0x9e3779b9
  ) {
    if (!Number.isInteger(k) || k < MIN_CAPACITY) throw new RangeError(`KLL k must be an integer ≥ ${MIN_CAPACITY}, got ${k}`);
    this.maxSize = this.capacity(0);
  }

  get n(): number {
    return this.count;
  }

  get min(): number {
    return this.minimum;
  }

  get max(): number {
    return this.maximum;
  }

  update(value: number): void {
    this.levels[0]!.push(value);
    this.count++;
    if (value < this.minimum) this.minimum = value;
    if (value > this.maximum) this.maximum = value;
    if (++this.size >= this.maxSize) this.compress();
  }

  /** update(values[i]) for i in [from, to), in order. */
  updateMany(values: ArrayLike<number>, from = 0, to = values.length): void {
    const base = this.levels[0]!;
    let minimum = this.minimum;
    let maximum = this.maximum;
    for (let i = from; i < to; i++) {
      const value = values[i]!;
      if (value < minimum) minimum = value;
      if (value > maximum) maximum = value;
    }
    this.minimum = minimum;
    this.maximum = maximum;
    this.count += to - from;
    // Between two compactions the values only land in level 0: copy each such run at once.
    let next = from;
    while (next < to) {
      const run = Math.min(to - next, this.maxSize - this.size);
      base.append(values, next, next + run);
      next += run;
      this.size += run;
      if (this.size >= this.maxSize) this.compress();
    }
  }

  /** Adds `other`'s values to this sketch (other is left as it was). */
  merge(other: KllSketch): this {
    if (other.k !== this.k) throw new RangeError(`cannot merge KLL sketches with k ${this.k} and ${other.k}`);
    while (this.levels.length < other.levels.length) this.grow();
    other.levels.forEach((level, h) => this.levels[h]!.appendCompactor(level));
    this.count += other.count;
    this.minimum = Math.min(this.minimum, other.minimum);
    this.maximum = Math.max(this.maximum, other.maximum);
    this.size = this.levels.reduce((s, l) => s + l.length, 0);
    while (this.size >= this.maxSize) this.compress();
    return this;
  }

  /** The items, ascending, with their weights: what the CDF-based statistics read. */
  sortedView(): WeightedSample {
    const order = new Float64Array(this.size);
    const levelOf = new Uint8Array(this.size);
    let at = 0;
    this.levels.forEach((level, h) => {
      for (let i = 0; i < level.length; i++) {
        order[at] = level.at(i);
        levelOf[at++] = h;
      }
    });
    const indices = Array.from({ length: at }, (_, i) => i).sort((a, b) => order[a]! - order[b]! || a - b);
    const values = new Float64Array(at);
    const weights = new Float64Array(at);
    indices.forEach((index, i) => {
      values[i] = order[index]!;
      weights[i] = 2 ** levelOf[index]!;
    });
    return { values, weights };
  }

  /** Estimated share of values ≤ x. */
  cdf(x: number): number {
    if (this.count === 0) return NaN;
    let below = 0;
    let total = 0;
    this.levels.forEach((level, h) => {
      const weight = 2 ** h;
      for (let i = 0; i < level.length; i++) {
        total += weight;
        if (level.at(i) <= x) below += weight;
      }
    });
    return below / total;
  }

  /** The smallest item whose estimated rank reaches q (0 … 1). */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const view = this.sortedView();
    const total = view.weights!.reduce((s, w) => s + w, 0);
    let cumulative = 0;
    for (let i = 0; i < view.values.length; i++) {
      cumulative += view.weights![i]!;
      if (cumulative >= q * total) return view.values[i]!;
    }
    return view.values[view.values.length - 1]!;
  }

  toDocument(): KllDocument {
    return {
      k: this.k,
      n: this.count,
      min: this.count > 0 ? this.minimum : null,
      max: this.count > 0 ? this.maximum : null,
      seed: this.seed,
      levels: this.levels.map((l) => l.toArray())
    };
  }

  static fromDocument(doc: KllDocument): KllSketch {
    const sketch = new KllSketch(doc.k, doc.seed);
    sketch.levels = doc.levels.map((l) => Compactor.of(l));
    if (sketch.levels.length === 0) sketch.levels = [new Compactor(doc.k + 1)];
    sketch.count = doc.n;
    sketch.minimum = doc.min ?? Infinity;
    sketch.maximum = doc.max ?? -Infinity;
    sketch.size = sketch.levels.reduce((s, l) => s + l.length, 0);
    sketch.maxSize = sketch.totalCapacity();
    return sketch;
  }

  /**
   * A sketch of values already sorted (all at hand: a reference profile), built without compacting:
   * the values are cut into consecutive blocks of 2^h values, each block's middle value standing for
   * it at level h. The fewest levels that hold n are taken and every level below the top is filled
   * to just under its capacity (smaller blocks: finer ranks); those small blocks go to both tails,
   * where values lie far apart, and the top level's blocks in the middle. A rank is then off by at
   * most half a top block, below n/k (0.5 % at k = 200, within KLL_RANK_ERROR, deterministically);
   * up to k values it holds them all, exact. The result is an ordinary sketch: it merges,
   * serialises and takes updates like any other.
   */
  static fromSorted(sorted: Float64Array, k = DEFAULT_KLL_K): KllSketch {
    const sketch = new KllSketch(k);
    const n = sorted.length;
    if (n === 0) return sketch;
    let blocks = sketch.blocksPerLevel(n);
    while (!blocks) {
      sketch.levels.push(new Compactor());
      blocks = sketch.blocksPerLevel(n);
    }
    const top = sketch.levels.length - 1;
    // Block sizes along the sorted values: half of each lower level's blocks on the left (smallest
    // outermost), the top's in the middle, the rest of the lower levels' on the right (smallest last).
    const layout: number[] = [];
    for (let h = 0; h < top; h++) for (let b = 0; b < blocks[h]! >> 1; b++) layout.push(h);
    for (let b = 0; b < blocks[top]!; b++) layout.push(top);
    for (let h = top - 1; h >= 0; h--) for (let b = 0; b < blocks[h]! - (blocks[h]! >> 1); b++) layout.push(h);
    let start = 0;
    for (const h of layout) {
      const size = 2 ** h;
      sketch.levels[h]!.push(sorted[start + (size >> 1)]!);
      start += size;
    }
    sketch.count = n;
    sketch.minimum = sorted[0]!;
    sketch.maximum = sorted[n - 1]!;
    sketch.size = layout.length;
    sketch.maxSize = sketch.totalCapacity();
    return sketch;
  }

  /**
   * With the sketch's current number of levels: how many blocks of 2^h values each level takes to
   * hold n values, filling the lower levels first, each to just under its capacity (so nothing
   * waits to be compacted); null when the top level would overflow.
   */
  private blocksPerLevel(n: number): number[] | null {
    const top = this.levels.length - 1;
    const blocks: number[] = [];
    let rest = n;
    for (let h = 0; h < top; h++) {
      let taken = Math.min(this.capacity(h) - 1, rest);
      if ((rest - taken) % 2 !== 0) taken--;
      blocks.push(taken);
      rest = (rest - taken) / 2;
    }
    if (rest > this.capacity(top) - 1) return null;
    blocks.push(rest);
    return blocks;
  }

  /**
   * Level 0 (weight 1) always has room for k items, however deep the sketch: keeping more
   * unit-weight items only lowers the error, and it makes a compaction (a sort of k items) happen
   * once per k/2 updates rather than once per handful.
   */
  private capacity(level: number): number {
    const depth = this.levels.length - level - 1;
    const shrunk = Math.max(MIN_CAPACITY, Math.ceil(this.k * CAPACITY_RATIO ** depth));
    return (level === 0 ? Math.max(this.k, shrunk) : shrunk) + 1;
  }

  private totalCapacity(): number {
    let total = 0;
    for (let h = 0; h < this.levels.length; h++) total += this.capacity(h);
    return total;
  }

  private grow(): void {
    this.levels.push(new Compactor());
    this.maxSize = this.totalCapacity();
  }

  private compress(): void {
    for (let h = 0; h < this.levels.length; h++) {
      if (this.levels[h]!.length >= this.capacity(h)) {
        if (h + 1 >= this.levels.length) this.grow();
        // Sorts level h and promotes every other item (a coin picks odd or even; an odd item out stays).
        this.size -= this.levels[h]!.compactInto(this.levels[h + 1]!, this.coin());
        return;
      }
    }
  }

  /** xorshift32: 0 or 1, reproducibly. */
  private coin(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed & 1;
  }
}
