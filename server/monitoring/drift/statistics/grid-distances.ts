/**
 * The two-sample Kolmogorov–Smirnov statistic and the 1-Wasserstein distance between a reference
 * and a window counted on the same value grid, each with the most it can be off from the
 * statistic over the raw values (scipy.stats.ks_2samp and wasserstein_distance of the two samples).
 *
 * Both CDFs are exact at every edge, just before it and just after it. Within an open cell each
 * side's CDF rises by its share there (r for the reference, c for the window), and the integral of
 * each CDF over the cell is exact too, from the cell's count and sum of offsets. So:
 *
 * - KS is the largest gap at the edges: never above the exact statistic. Inside a cell whose gap
 *   goes from g₀ to g₁ = g₀ + r − c, the gap lies between max(g₀ − c, g₁ − r) and min(g₀ + r, g₁ + c),
 *   so it can exceed the larger end by at most min(r, c) ≤ GRID_CELL_SHARE (1/1024); the error
 *   reported is how far the largest of those limits lies above the statistic — 0 when a side has
 *   nothing inside any cell: always, when the grid holds every reference value.
 * - W₁ is Σ over cells of |∫ (F_ref − F_window)|: exact in each cell where the gap keeps one sign,
 *   never above the exact distance. In a cell where the gap g can change sign (it starts at g₀
 *   with −r < g₀ < c), the exact ∫|g| exceeds |∫ g| by at most 2 · width · min(g₀ + r, c − g₀);
 *   the sum of those over such cells, plus one grid unit for the rounding of offsets, is the bound.
 */
import type { GridCounts } from '../sketches/grid-counts';
import type { ValueGrid } from '../sketches/value-grid';

export interface GridDistances {
  ks: number;
  /** exact KS − ks lies in [0, ksError]. */
  ksError: number;
  wasserstein: number;
  /** exact W₁ − wasserstein lies in [0, wassersteinError] (up to floating-point rounding). */
  wassersteinError: number;
}

export function gridDistances(grid: ValueGrid, reference: GridCounts, current: GridCounts): GridDistances {
  const edges = grid.edges;
  const size = edges.length;
  if (reference.size !== size || current.size !== size)
    throw new RangeError(`grid counts over ${reference.size} and ${current.size} edges do not fit a grid of ${size}`);
  const ref = reference.counts();
  const cur = current.counts();
  const totalRef = sum(ref.points) + sum(ref.cells);
  const totalCur = sum(cur.points) + sum(cur.cells);
  if (!(totalRef > 0) || !(totalCur > 0)) throw new RangeError('grid distances need values on both sides');
  let belowRef = 0;
  let belowCur = 0;
  let ks = 0;
  let ksLimit = 0;
  let wasserstein = 0;
  let wassersteinError = grid.unit;
  for (let j = 0; j <= size; j++) {
    const gap = belowRef / totalRef - belowCur / totalCur;
    const r = ref.cells[j]! / totalRef;
    const c = cur.cells[j]! / totalCur;
    const width = j === 0 || j === size ? Infinity : edges[j]! - edges[j - 1]!;
    // ∫ over the cell of F_ref − F_window; the outer cells from the offsets alone (the CDFs are 0, or 1, beyond them).
    const offsets = (grid.unit * ref.offsets[j]!) / totalRef - (grid.unit * cur.offsets[j]!) / totalCur;
    const integral = j === 0 ? offsets : j === size ? -offsets : width * (gap + r - c) - offsets;
    wasserstein += Math.abs(integral);
    // An outer cell where one side has nothing keeps that side's CDF at 0 (or 1): no crossing, whatever the rounding of gap.
    const next = gap + r - c;
    ksLimit = Math.max(ksLimit, Math.min(gap + r, next + c), Math.min(c - gap, r - next));
    if (-r < gap && gap < c && (width < Infinity || (r > 0 && c > 0))) {
      wassersteinError += 2 * width * Math.min(gap + r, c - gap);
    }
    belowRef += ref.cells[j]!;
    belowCur += cur.cells[j]!;
    if (j === size) break;
    ks = Math.max(ks, Math.abs(belowRef / totalRef - belowCur / totalCur));
    belowRef += ref.points[j]!;
    belowCur += cur.points[j]!;
    ks = Math.max(ks, Math.abs(belowRef / totalRef - belowCur / totalCur));
  }
  return { ks, ksError: Math.max(0, ksLimit - ks), wasserstein, wassersteinError };
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}
