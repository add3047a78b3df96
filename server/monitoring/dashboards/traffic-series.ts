/** Traffic buckets merged into steps (a day, an hour) and groups (deployment, version). */
import { floorTo } from '../decay/time-steps';
import { mergeLatencies, type LatencyHistogram } from './latency-histogram';
import type { TrafficBucketDocument } from './traffic-store';

export interface TrafficTotals {
  requests: number;
  kpiEvaluated: number;
  kpiCounted: number;
  latency: LatencyHistogram;
}

export function emptyTotals(): TrafficTotals {
  return { requests: 0, kpiEvaluated: 0, kpiCounted: 0, latency: [] };
}

export function addTotals(sum: TrafficTotals, bucket: TrafficTotals): TrafficTotals {
  return {
    requests: sum.requests + bucket.requests,
    kpiEvaluated: sum.kpiEvaluated + bucket.kpiEvaluated,
    kpiCounted: sum.kpiCounted + bucket.kpiCounted,
    latency: mergeLatencies(sum.latency, bucket.latency)
  };
}

/** Totals per group key and step start, in step order. */
export function byStep(
  buckets: TrafficBucketDocument[],
  stepMs: number,
  groupOf: (b: TrafficBucketDocument) => string = () => ''
): Map<string, Map<number, TrafficTotals>> {
  const groups = new Map<string, Map<number, TrafficTotals>>();
  for (const bucket of buckets) {
    const group = groups.get(groupOf(bucket)) ?? new Map<number, TrafficTotals>();
    const step = floorTo(Date.parse(bucket.start), stepMs);
    group.set(step, addTotals(group.get(step) ?? emptyTotals(), bucket));
    groups.set(groupOf(bucket), group);
  }
  for (const [key, group] of groups) groups.set(key, new Map([...group.entries()].sort((a, b) => a[0] - b[0])));
  return groups;
}

/** The buckets that reached callers: a shadow's answers are never returned. */
export function served(buckets: TrafficBucketDocument[]): TrafficBucketDocument[] {
  return buckets.filter((b) => b.role !== 'shadow');
}
