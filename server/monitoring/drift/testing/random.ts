/** Seeded draws for drift tests and the benchmark: the same numbers on every run (the SDK trainers' generator). */
export { seededRandom } from '../../../../kernels/sdk/src/train/random';

export function normalSample(random: () => number, n: number, mean = 0, std = 1): number[] {
  const out: number[] = [];
  while (out.length < n) {
    const u = 1 - random();
    const v = random();
    out.push(mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }
  return out;
}

/** Counts of `n` draws over categories with the given weights. */
export function categoricalCounts(random: () => number, n: number, weights: Record<string, number>): Record<string, number> {
  const names = Object.keys(weights);
  const total = names.reduce((s, k) => s + weights[k]!, 0);
  const counts: Record<string, number> = Object.fromEntries(names.map((k) => [k, 0]));
  for (let i = 0; i < n; i++) {
    let x = random() * total;
    for (const name of names) {
      x -= weights[name]!;
      if (x < 0 || name === names[names.length - 1]) {
        counts[name]!++;
        break;
      }
    }
  }
  return counts;
}
