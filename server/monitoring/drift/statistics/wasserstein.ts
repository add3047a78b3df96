/**
 * 1-Wasserstein distance as scipy.stats.wasserstein_distance (of two samples), and
 * the drift score built on it: the distance divided by the reference's standard deviation (ddof 0),
 * so one threshold (0.1) fits features of any scale.
 */
import { weightedCdfArea } from './weighted';

export function wassersteinDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  if (u.length === 0 || v.length === 0) throw new RangeError('wassersteinDistance needs two non-empty samples');
  return weightedCdfArea({ values: Float64Array.from(u).sort(), weights: null }, { values: Float64Array.from(v).sort(), weights: null });
}

/** W₁ / σ_reference; a constant reference (σ = 0) leaves the distance unscaled. */
export function normalisedWasserstein(distance: number, referenceStd: number): number {
  return referenceStd > 0 ? distance / referenceStd : distance;
}
