/**
 * Population stability index: Σ (cᵢ − rᵢ) · ln(cᵢ / rᵢ) over bins, with the shares rᵢ (reference)
 * and cᵢ (current). Numeric bins come from the reference's deciles (numpy.quantile, linear
 * interpolation; repeated edges merged), bin i holding values in (edge[i−1], edge[i]]; categorical
 * bins are the categories of both sides. An empty bin's share is floored at PSI_SHARE_FLOOR so
 * the logarithm stays finite (the common convention; 0.01 % is what Evidently and most write-ups use).
 */
export const PSI_SHARE_FLOOR = 1e-4;

export function populationStabilityIndex(reference: ArrayLike<number>, current: ArrayLike<number>): number {
  if (reference.length !== current.length)
    throw new RangeError(`PSI needs bin counts of one length, got ${reference.length} and ${current.length}`);
  const totalR = sum(reference);
  const totalC = sum(current);
  if (!(totalR > 0) || !(totalC > 0)) throw new RangeError('PSI needs positive totals on both sides');
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = Math.max(reference[i]! / totalR, PSI_SHARE_FLOOR);
    const c = Math.max(current[i]! / totalC, PSI_SHARE_FLOOR);
    psi += (c - r) * Math.log(c / r);
  }
  return psi;
}

/** numpy.quantile(sorted, q) with the default linear method. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const fraction = position - below;
  return sorted[below]! + (sorted[above]! - sorted[below]!) * fraction;
}

/** The distinct deciles 10 % … 90 % of ascending values: up to 9 inner edges, up to 10 bins. */
export function decileEdges(sorted: ArrayLike<number>): number[] {
  if (sorted.length === 0) return [];
  const edges: number[] = [];
  for (let d = 1; d <= 9; d++) {
    const edge = quantileOfSorted(sorted, d / 10);
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return edges;
}

/** The bin of `value` among inner `edges`: the first i with value ≤ edges[i], else edges.length (searching [low, high) of ascending edges). */
export function binIndex(edges: ArrayLike<number>, value: number, low = 0, high = edges.length): number {
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (value <= edges[mid]!) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** How many of the ascending `sorted` are ≤ x: the first i with x < sorted[i] (searching [low, high)). */
export function countAtOrBelow(sorted: ArrayLike<number>, x: number, low = 0, high = sorted.length): number {
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! <= x) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function binCounts(edges: ArrayLike<number>, values: ArrayLike<number>): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[binIndex(edges, values[i]!)]!++;
  return counts;
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}
