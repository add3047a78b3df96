/**
 * Chi-square test of homogeneity between the reference's and the window's category counts, as
 * scipy.stats.chi2_contingency([reference, current]) with its default Yates correction (applied
 * only when there is one degree of freedom, i.e. two categories). Categories are the union of
 * both sides: one seen only now (unseen in training) counts 0 in the reference, which is what makes
 * it stand out; one absent from both is dropped (its expected count would be 0).
 */
import { chiSquareSurvival } from './special';

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  dof: number;
}

export function chiSquareContingency(reference: ReadonlyMap<string, number>, current: ReadonlyMap<string, number>): ChiSquareResult {
  const categories = [...new Set([...reference.keys(), ...current.keys()])].filter(
    (c) => (reference.get(c) ?? 0) + (current.get(c) ?? 0) > 0
  );
  const rows = [categories.map((c) => reference.get(c) ?? 0), categories.map((c) => current.get(c) ?? 0)];
  return chiSquareTable(rows);
}

/** A 2 × k table of counts (both rows with a positive total). */
export function chiSquareTable(rows: number[][]): ChiSquareResult {
  const k = rows[0]!.length;
  const rowTotals = rows.map((r) => r.reduce((s, x) => s + x, 0));
  const total = rowTotals.reduce((s, x) => s + x, 0);
  if (rowTotals.some((t) => t <= 0)) throw new RangeError('chiSquareTable needs counts on both sides');
  const dof = k - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, dof: 0 };
  let statistic = 0;
  for (let c = 0; c < k; c++) {
    const columnTotal = rows[0]![c]! + rows[1]![c]!;
    for (let r = 0; r < 2; r++) {
      const expected = (rowTotals[r]! * columnTotal) / total;
      let observed = rows[r]![c]!;
      if (dof === 1) {
        const diff = expected - observed;
        observed += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      statistic += (observed - expected) ** 2 / expected;
    }
  }
  return { statistic, pValue: chiSquareSurvival(statistic, dof), dof };
}
