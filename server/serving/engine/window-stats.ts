/**
 * A version's live figures over the last 60 seconds: one bucket per second, each holding a count,
 * an error count and a log-scale latency histogram (bins 4 % wide), so memory stays fixed however
 * much traffic passes and p50/p99 come from merging at most 60 small histograms.
 */

export const WINDOW_SECONDS = 60;

/** Bin i holds latencies in [MIN_MS·GROWTH^i, MIN_MS·GROWTH^(i+1)); the first and last bins take everything beyond. */
const MIN_MS = 0.01;
const GROWTH = 1.04;
const BINS = Math.ceil(Math.log(1e7) / Math.log(GROWTH)); // 0.01 ms … 100 s

interface Bucket {
  second: number;
  count: number;
  errors: number;
  bins: Map<number, number>;
}

function binOf(ms: number): number {
  if (!(ms > MIN_MS)) return 0;
  return Math.min(BINS - 1, Math.floor(Math.log(ms / MIN_MS) / Math.log(GROWTH)));
}

/** The geometric middle of a bin: within 2 % of any latency that fell into it. */
function valueOf(bin: number): number {
  return MIN_MS * GROWTH ** (bin + 0.5);
}

export interface WindowFigures {
  requests: number;
  errors: number;
  ratePerSecond: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

export class WindowStats {
  private readonly buckets: Bucket[] = [];
  private requests = 0;
  private errors = 0;
  private readonly since: number;

  constructor(private readonly now: () => number) {
    this.since = now();
  }

  record(latencyMs: number, ok: boolean): void {
    this.requests++;
    const bucket = this.current();
    bucket.count++;
    if (!ok) {
      this.errors++;
      bucket.errors++;
      return;
    }
    const bin = binOf(latencyMs);
    bucket.bins.set(bin, (bucket.bins.get(bin) ?? 0) + 1);
  }

  /** Totals since the version joined the deployment; rate and percentiles over the last 60 s (errors excluded from latency). */
  figures(): WindowFigures {
    const nowMs = this.now();
    const oldest = Math.floor(nowMs / 1000) - WINDOW_SECONDS + 1;
    const live = this.buckets.filter((bucket) => bucket.second >= oldest);
    const count = live.reduce((sum, bucket) => sum + bucket.count, 0);
    // A deployment younger than the window is rated over its age, so its first seconds do not read as idle.
    const seconds = Math.min(WINDOW_SECONDS, Math.max(1, (nowMs - this.since) / 1000));
    const merged = new Map<number, number>();
    for (const bucket of live) for (const [bin, n] of bucket.bins) merged.set(bin, (merged.get(bin) ?? 0) + n);
    return {
      requests: this.requests,
      errors: this.errors,
      ratePerSecond: Math.round((count / seconds) * 1000) / 1000,
      p50Ms: quantile(merged, 0.5),
      p99Ms: quantile(merged, 0.99)
    };
  }

  private current(): Bucket {
    const second = Math.floor(this.now() / 1000);
    const last = this.buckets[this.buckets.length - 1];
    if (last?.second === second) return last;
    const fresh = { second, count: 0, errors: 0, bins: new Map<number, number>() };
    this.buckets.push(fresh);
    while (this.buckets.length > 0 && this.buckets[0].second <= second - WINDOW_SECONDS) this.buckets.shift();
    return fresh;
  }
}

/** Nearest-rank quantile over a histogram; null when it is empty. */
function quantile(bins: Map<number, number>, q: number): number | null {
  const total = [...bins.values()].reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const bin of [...bins.keys()].sort((a, b) => a - b)) {
    seen += bins.get(bin)!;
    if (seen >= rank) return Math.round(valueOf(bin) * 1000) / 1000;
  }
  return null;
}
