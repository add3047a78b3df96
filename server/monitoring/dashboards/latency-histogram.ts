/**
 * Latencies as a mergeable log-scale histogram: bin b holds (GROWTH^(b−1), GROWTH^b] ms, so a
 * quantile read from it is at most GROWTH − 1 (5 %) above the true one, whatever the traffic.
 */
export const GROWTH = 1.05;
const SMALLEST_MS = 0.01;

/** Sparse: [bin, count], sorted by bin. */
export type LatencyHistogram = Array<[number, number]>;

export function latencyBin(ms: number): number {
  return Math.ceil(Math.log(Math.max(ms, SMALLEST_MS)) / Math.log(GROWTH));
}

export function addLatencies(histogram: LatencyHistogram, latenciesMs: number[]): LatencyHistogram {
  return mergeLatencies(
    histogram,
    latenciesMs.map((ms) => [latencyBin(ms), 1])
  );
}

export function mergeLatencies(a: LatencyHistogram, b: LatencyHistogram): LatencyHistogram {
  const counts = new Map<number, number>();
  for (const [bin, count] of [...a, ...b]) counts.set(bin, (counts.get(bin) ?? 0) + count);
  return [...counts.entries()].sort((x, y) => x[0] - y[0]);
}

/** The upper edge of the bin holding the q-quantile; null when empty. */
export function latencyQuantile(histogram: LatencyHistogram, q: number): number | null {
  const total = histogram.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (const [bin, count] of histogram) {
    seen += count;
    if (seen >= rank) return GROWTH ** bin;
  }
  return GROWTH ** histogram[histogram.length - 1][0];
}
