/**
 * Two-sample Kolmogorov–Smirnov, two-sided, as scipy.stats.ks_2samp(a, b, method='auto'): exact
 * when both samples have at most 10,000 values (falling back to the asymptotic form when the exact
 * recursion leaves [0, 1]), else kstwo.sf(D, round(n1·n2/(n1+n2))). The statistic is the largest gap
 * between the two empirical CDFs; weighted samples (a quantile sketch's items) take the same path.
 */
import { weightedCdfGap, type WeightedSample } from './weighted';
import { kolmogorovSurvival, probabilityOutsideBand, probabilityOutsideSquare } from './kolmogorov';
import { roundHalfEven } from './special';

export type KsMethod = 'auto' | 'exact' | 'asymp';

export interface KsResult {
  statistic: number;
  pValue: number;
  /** Which distribution gave the p-value. */
  method: 'exact' | 'asymp';
}

/** SciPy's MAX_AUTO_N. */
export const KS_EXACT_MAX_N = 10_000;

export function ks2samp(a: ArrayLike<number>, b: ArrayLike<number>, method: KsMethod = 'auto'): KsResult {
  if (a.length === 0 || b.length === 0) throw new RangeError('ks2samp needs two non-empty samples');
  const statistic = weightedCdfGap(unitWeights(a), unitWeights(b));
  return ksPValue(statistic, a.length, b.length, method);
}

/** The p-value of a statistic `d` between samples of sizes n1 and n2 (the statistic itself is returned as SciPy rounds it in the exact case). */
export function ksPValue(d: number, n1: number, n2: number, method: KsMethod = 'auto'): KsResult {
  let mode: 'exact' | 'asymp' = method === 'auto' ? (Math.max(n1, n2) <= KS_EXACT_MAX_N ? 'exact' : 'asymp') : method;
  const g = gcd(n1, n2);
  if (mode === 'exact' && (n1 / g) * (n2 / g) * g >= 2 ** 31 - 1) mode = 'asymp';
  let statistic = d;
  if (mode === 'exact') {
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    statistic = h / lcm;
    if (h === 0) return { statistic, pValue: 1, method: 'exact' };
    const p = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideBand(n1, n2, g, h);
    if (p >= 0 && p <= 1) return { statistic, pValue: p, method: 'exact' };
  }
  const large = Math.max(n1, n2);
  const small = Math.min(n1, n2);
  const en = (large * small) / (large + small);
  return { statistic, pValue: Math.min(1, Math.max(0, kolmogorovSurvival(roundHalfEven(en), statistic))), method: 'asymp' };
}

function unitWeights(values: ArrayLike<number>): WeightedSample {
  const sorted = Float64Array.from(values).sort();
  return { values: sorted, weights: null };
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
