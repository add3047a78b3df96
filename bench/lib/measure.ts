/** Timing and load helpers shared by the benchmark suites. Figures, never assertions. */
import { performance } from 'node:perf_hooks';

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  perSecond: number;
}

/** Nearest-rank percentile of an ascending-sorted sample. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Calls `task` `total` times with at most `concurrency` in flight, after `warmup` untimed calls,
 * and summarises per-call latency and overall throughput.
 */
export async function load(
  task: () => Promise<unknown>,
  { total, concurrency, warmup = Math.min(50, total) }: { total: number; concurrency: number; warmup?: number }
): Promise<LatencySummary> {
  for (let i = 0; i < warmup; i++) await task();
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      next++;
      const t0 = performance.now();
      await task();
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    meanMs: round(latencies.reduce((s, x) => s + x, 0) / latencies.length),
    perSecond: round((latencies.length / elapsedMs) * 1000, 1)
  };
}

/** Runs `task` once, sampling resident memory meanwhile; returns seconds and the peak RSS seen. */
export async function timed<T>(task: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMiB: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  try {
    const result = await task();
    const seconds = (performance.now() - t0) / 1000;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, seconds: round(seconds), peakRssMiB: round(peak / 2 ** 20, 1) };
  } finally {
    clearInterval(sampler);
  }
}

/** The human summary lines, then the figures as ONE JSON object on the last line (what tools read). */
export function report(suite: string, lines: string[], figures: Record<string, unknown>): void {
  console.log([`mlportal bench: ${suite}`, ...lines.map((l) => `  ${l}`)].join('\n'));
  console.log(JSON.stringify({ suite, ...figures }));
}
