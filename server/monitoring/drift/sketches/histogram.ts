/** Counts over fixed bins (the reference's decile edges): bin i holds values in (edges[i−1], edges[i]]. Mergeable by addition. */
import { binIndex, countAtOrBelow } from '../statistics/psi';

const LINEAR_BINNING_MAX_EDGES = 16;

export class FixedBinHistogram {
  readonly counts: number[];

  constructor(
    readonly edges: readonly number[],
    counts?: readonly number[]
  ) {
    if (counts && counts.length !== edges.length + 1)
      throw new RangeError(`a histogram over ${edges.length} edges has ${edges.length + 1} bins, got ${counts.length} counts`);
    this.counts = counts ? [...counts] : new Array<number>(edges.length + 1).fill(0);
  }

  add(value: number): void {
    this.counts[binIndex(this.edges, value)]!++;
  }

  /**
   * add(values[i]) for i in [from, to). The bin is the number of edges a value is not ≤ (decile
   * edges: at most 9), counted without a branch per edge, which beats a binary search's guesses.
   */
  addMany(values: ArrayLike<number>, from = 0, to = values.length): void {
    const edges = Float64Array.from(this.edges);
    const counts = new Float64Array(this.counts.length);
    const m = edges.length;
    if (m > LINEAR_BINNING_MAX_EDGES) {
      for (let i = from; i < to; i++) counts[binIndex(edges, values[i]!)]!++;
    } else {
      for (let i = from; i < to; i++) {
        const x = values[i]!;
        let bin = 0;
        for (let e = 0; e < m; e++) bin += +!(x <= edges[e]!);
        counts[bin]!++;
      }
    }
    for (let b = 0; b < counts.length; b++) this.counts[b]! += counts[b]!;
  }

  /** add(v) for every v of `sorted` (ascending): each bin's count is the gap between two binary searches. */
  addSorted(sorted: ArrayLike<number>): void {
    let below = 0;
    this.edges.forEach((edge, b) => {
      const atOrBelow = countAtOrBelow(sorted, edge);
      this.counts[b]! += atOrBelow - below;
      below = atOrBelow;
    });
    this.counts[this.edges.length]! += sorted.length - below;
  }

  merge(other: FixedBinHistogram): this {
    if (other.edges.length !== this.edges.length || other.edges.some((e, i) => e !== this.edges[i])) {
      throw new RangeError('cannot merge histograms over different bins');
    }
    other.counts.forEach((c, i) => (this.counts[i]! += c));
    return this;
  }

  /** "≤ 5", "(5, 9]", …, "> 120". */
  labels(): string[] {
    const e = this.edges;
    if (e.length === 0) return ['all'];
    return [`≤ ${e[0]}`, ...e.slice(1).map((edge, i) => `(${e[i]}, ${edge}]`), `> ${e[e.length - 1]}`];
  }
}
