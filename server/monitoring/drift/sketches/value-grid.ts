/**
 * A numeric feature's value grid: the points, chosen once per reference profile from the
 * reference's sorted values, at which the drift statistics know both CDFs exactly (GridCounts
 * counts a side on it; statistics/grid-distances.ts compares two sides).
 *
 * - A reference with at most MAX_GRID_EDGES distinct values: each of them is an edge, so the grid
 *   holds the reference exactly (value → count).
 * - More: the edges are reference values such that at most GRID_CELL_SHARE of the reference lies
 *   strictly between two neighbouring edges (this bounds the KS error), and such that each of those
 *   open cells keeps its count × width under one limit, the smallest that fits MAX_GRID_EDGES edges:
 *   cells are narrow where values are sparse (the tails), where a wide cell could hide Wasserstein
 *   distance.
 * The first and last edges are the reference's minimum and maximum.
 *
 * Open cell j is (edges[j−1], edges[j]): cell 0 lies below the first edge, cell E above the last.
 * A value in an open cell is kept as its count and its offset from the cell's inner edge (the
 * upper edge for cell 0, the lower one otherwise) in whole `unit`s (2⁻³⁰ of the reference's
 * range): sums of offsets are integers, which add up to the same total in any order — exactly while
 * a cell's sum stays below 2⁵³ units, e.g. 8 million values a whole reference range from its edge;
 * past that the sums round like any floating-point sum.
 */
import { binIndex, countAtOrBelow } from '../statistics/psi';

export const MAX_GRID_EDGES = 2048;
/** The most of the reference an open cell between two edges can hold: the KS error bound. */
export const GRID_CELL_SHARE = 1 / 1024;
const UNIT_STEPS = 2 ** 30;
/** Bisection steps for the count × width limit (each halves the interval it lies in). */
const AREA_STEPS = 32;
/** Equal slices of [min, max] whose first edges cellOf looks up before its binary search. */
const LOOKUP_SLOTS = 8 * MAX_GRID_EDGES;

export interface ValueGridDocument {
  edges: number[];
  unit: number;
}

export class ValueGrid {
  private lookup: { firstEdges: Int32Array; scale: number } | null = null;

  private constructor(
    readonly edges: Float64Array,
    readonly unit: number
  ) {}

  /** The grid of a reference's values: `sorted` ascending, finite. */
  static ofSorted(sorted: Float64Array): ValueGrid {
    const n = sorted.length;
    const range = n > 0 ? sorted[n - 1]! - sorted[0]! : 0;
    const unit = (range > 0 ? range : Math.max(1, n > 0 ? Math.abs(sorted[0]!) : 0)) / UNIT_STEPS;
    return new ValueGrid(n > 0 ? (distinctValues(sorted) ?? quantileEdges(sorted)) : new Float64Array(0), unit);
  }

  static fromDocument(doc: ValueGridDocument): ValueGrid {
    return new ValueGrid(Float64Array.from(doc.edges), doc.unit);
  }

  toDocument(): ValueGridDocument {
    return { edges: Array.from(this.edges), unit: this.unit };
  }

  /**
   * binIndex(edges, x): the first edge ≥ x — the edge x equals, or else x's open cell. A binary
   * search within the slice of [min, max] x falls in (a table of where each slice's edges start),
   * checked, and over all the edges when rounding put x in a neighbouring slice.
   */
  cellOf(x: number): number {
    const edges = this.edges;
    const last = edges.length - 1;
    if (!(x > edges[0]!)) return x <= edges[0]! ? 0 : binIndex(edges, x);
    if (x > edges[last]!) return last + 1;
    const { firstEdges, scale } = (this.lookup ??= this.lookupTable());
    const slot = Math.min(LOOKUP_SLOTS - 1, Math.floor((x - edges[0]!) * scale));
    const cell = binIndex(edges, x, firstEdges[slot]!, Math.min(firstEdges[slot + 1]! + 1, last + 1));
    return edges[cell - 1]! < x && x <= edges[cell]! ? cell : binIndex(edges, x);
  }

  private lookupTable(): { firstEdges: Int32Array; scale: number } {
    const edges = this.edges;
    const scale = LOOKUP_SLOTS / (edges[edges.length - 1]! - edges[0]!);
    const firstEdges = new Int32Array(LOOKUP_SLOTS + 1);
    for (let slot = 0; slot <= LOOKUP_SLOTS; slot++) firstEdges[slot] = binIndex(edges, edges[0]! + slot / scale);
    return { firstEdges, scale };
  }

  /** x's offset in open cell `cell` (cellOf(x), not an edge), in whole units. */
  offset(x: number, cell: number): number {
    const edges = this.edges;
    if (edges.length === 0) return 0;
    return Math.round((cell === 0 ? edges[0]! - x : x - edges[cell - 1]!) / this.unit);
  }
}

/** Every distinct value, when there are at most MAX_GRID_EDGES of them; else null. */
function distinctValues(sorted: Float64Array): Float64Array | null {
  const distinct = new Float64Array(MAX_GRID_EDGES);
  let count = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) continue;
    if (count === MAX_GRID_EDGES) return null;
    distinct[count++] = sorted[i]!;
  }
  return distinct.slice(0, count);
}

/** The edges for a reference of many distinct values: the smallest count × width limit that fits MAX_GRID_EDGES edges. */
function quantileEdges(sorted: Float64Array): Float64Array {
  const n = sorted.length;
  const maxInside = Math.floor(n * GRID_CELL_SHARE);
  // With no width limit the share alone needs at most n / (maxInside + 1) + 1 ≤ 1 / GRID_CELL_SHARE + 1 edges.
  let high = maxInside * (sorted[n - 1]! - sorted[0]!);
  let low = 0;
  let best = edgesWithin(sorted, maxInside, high)!;
  for (let step = 0; step < AREA_STEPS; step++) {
    const middle = (low + high) / 2;
    const edges = edgesWithin(sorted, maxInside, middle);
    if (edges) [best, high] = [edges, middle];
    else low = middle;
  }
  return best;
}

/**
 * Edges from the minimum up, each the furthest reference value whose open cell from the previous
 * edge holds at most maxInside values with count × width ≤ area; null past MAX_GRID_EDGES edges.
 */
function edgesWithin(sorted: Float64Array, maxInside: number, area: number): Float64Array | null {
  const n = sorted.length;
  const edges = new Float64Array(MAX_GRID_EDGES);
  let count = 0;
  let edge = sorted[0]!;
  for (;;) {
    if (count === MAX_GRID_EDGES) return null;
    edges[count++] = edge;
    const above = countAtOrBelow(sorted, edge);
    if (above === n) return edges.slice(0, count);
    // Candidates sorted[k], k in [above, above + maxInside]: the values strictly inside (edge, sorted[k])
    // grow with k, and so does the width; k = above (nothing inside) always fits.
    let low = above;
    let high = Math.min(n - 1, above + maxInside);
    while (low < high) {
      const k = (low + high + 1) >>> 1;
      const inside = binIndex(sorted, sorted[k]!, above, k) - above;
      if (inside * (sorted[k]! - edge) <= area) low = k;
      else high = k - 1;
    }
    edge = sorted[low]!;
  }
}
