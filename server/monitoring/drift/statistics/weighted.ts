/**
 * Weighted samples: sorted values with a weight each (null: all 1, raw data), and the CDF-based
 * statistics over them, as SciPy computes them over raw samples (the value grid's own are in
 * grid-distances.ts).
 */
export interface WeightedSample {
  /** Ascending. */
  values: Float64Array;
  /** Same length as values, or null for weight 1 each. */
  weights: Float64Array | null;
}

export function totalWeight(sample: WeightedSample): number {
  if (!sample.weights) return sample.values.length;
  let total = 0;
  for (let i = 0; i < sample.weights.length; i++) total += sample.weights[i]!;
  return total;
}

/**
 * Walks both samples' empirical CDFs over the union of their values, calling `visit` for each
 * stretch [x, next) with both CDFs (right-continuous, as numpy.searchsorted(side='right')).
 */
function walk(u: WeightedSample, v: WeightedSample, visit: (x: number, next: number, cdfU: number, cdfV: number) => void): void {
  const totalU = totalWeight(u);
  const totalV = totalWeight(v);
  let i = 0;
  let j = 0;
  let massU = 0;
  let massV = 0;
  const nu = u.values.length;
  const nv = v.values.length;
  while (i < nu || j < nv) {
    const x = j >= nv || (i < nu && u.values[i]! <= v.values[j]!) ? u.values[i]! : v.values[j]!;
    while (i < nu && u.values[i]! === x) massU += u.weights ? u.weights[i++]! : (i++, 1);
    while (j < nv && v.values[j]! === x) massV += v.weights ? v.weights[j++]! : (j++, 1);
    const next = i < nu ? (j < nv ? Math.min(u.values[i]!, v.values[j]!) : u.values[i]!) : j < nv ? v.values[j]! : x;
    visit(x, next, massU / totalU, massV / totalV);
  }
}

/** sup |F_u − F_v|: the two-sample Kolmogorov–Smirnov statistic. */
export function weightedCdfGap(u: WeightedSample, v: WeightedSample): number {
  let gap = 0;
  walk(u, v, (_x, _next, cu, cv) => {
    const d = Math.abs(cu - cv);
    if (d > gap) gap = d;
  });
  return gap;
}

/** ∫ |F_u − F_v| dx: the 1-Wasserstein distance, as scipy.stats.wasserstein_distance(u, v, u_weights, v_weights). */
export function weightedCdfArea(u: WeightedSample, v: WeightedSample): number {
  let area = 0;
  walk(u, v, (x, next, cu, cv) => {
    area += Math.abs(cu - cv) * (next - x);
  });
  return area;
}
