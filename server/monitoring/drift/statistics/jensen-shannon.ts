/**
 * Jensen–Shannon distance in base 2 (0 … 1), as scipy.spatial.distance.jensenshannon(p, q, base=2):
 * both count vectors are normalised to distributions over the union of their categories.
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) throw new RangeError(`jensenShannonDistance needs vectors of one length, got ${p.length} and ${q.length}`);
  const sumP = sum(p);
  const sumQ = sum(q);
  if (!(sumP > 0) || !(sumQ > 0)) throw new RangeError('jensenShannonDistance needs positive totals');
  let divergence = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]! / sumP;
    const qi = q[i]! / sumQ;
    const mi = (pi + qi) / 2;
    if (pi > 0) divergence += pi * Math.log(pi / mi);
    if (qi > 0) divergence += qi * Math.log(qi / mi);
  }
  return Math.sqrt(Math.max(0, divergence / Math.LN2 / 2));
}

export function jensenShannonCategories(reference: ReadonlyMap<string, number>, current: ReadonlyMap<string, number>): number {
  const categories = [...new Set([...reference.keys(), ...current.keys()])];
  return jensenShannonDistance(
    categories.map((c) => reference.get(c) ?? 0),
    categories.map((c) => current.get(c) ?? 0)
  );
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}
