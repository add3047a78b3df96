/**
 * Requests, the outcome KPI and latency per deployment × version × role × hour, counted from the
 * prediction stream (serving offers no count by day) and kept in the store: adoption, volume, the
 * KPI's trend and p99 over time are read from these buckets, never from the prediction log.
 */
import type { Collection, DocumentStore, Stored } from '../../platform/store/port';
import type { Kpi, LoggedPrediction } from '../config/serving-port';
import { HOUR_MS, floorTo } from '../decay/time-steps';
import { upsert } from '../decay/upsert';
import { addLatencies, type LatencyHistogram } from './latency-histogram';

export const TRAFFIC_COLLECTION = 'monitoring_traffic_buckets';
export const TRAFFIC_BUCKET_MS = HOUR_MS;

export interface TrafficBucketDocument {
  deployment: string;
  model: string;
  version: number;
  role: LoggedPrediction['role'];
  /** The hour's start (ISO). */
  start: string;
  requests: number;
  /** Rows the KPI was evaluated on (the deployment had one), and of those the rows that count. */
  kpiEvaluated: number;
  kpiCounted: number;
  latency: LatencyHistogram;
}

export class TrafficStore {
  private readonly buckets: Collection<TrafficBucketDocument>;

  constructor(store: DocumentStore) {
    this.buckets = store.collection<TrafficBucketDocument>(TRAFFIC_COLLECTION);
  }

  /** At start, before the first request: indexes. */
  async prepare(): Promise<void> {
    await this.buckets.ensureIndex({ fields: ['deployment', 'start'] });
    await this.buckets.ensureIndex({ fields: ['start'] });
  }

  /** Counts one deployment's rows of a batch; `kpi` as the deployment has it now. Call one at a time. */
  async count(rows: LoggedPrediction[], kpi: Kpi | null): Promise<void> {
    const groups = new Map<string, LoggedPrediction[]>();
    for (const row of rows) {
      const start = new Date(floorTo(Date.parse(row.at), TRAFFIC_BUCKET_MS)).toISOString();
      const id = [row.deployment, row.model, row.version, row.role, start].join('|');
      groups.set(id, [...(groups.get(id) ?? []), row]);
    }
    for (const [id, group] of groups) {
      const { deployment, model, version, role, at } = group[0];
      const start = new Date(floorTo(Date.parse(at), TRAFFIC_BUCKET_MS)).toISOString();
      const evaluated = kpi ? group.length : 0;
      const counted = kpi ? group.filter((row) => kpiCounts(row, kpi)).length : 0;
      await upsert(this.buckets, id, (current) => ({
        deployment,
        model,
        version,
        role,
        start,
        requests: (current?.requests ?? 0) + group.length,
        kpiEvaluated: (current?.kpiEvaluated ?? 0) + evaluated,
        kpiCounted: (current?.kpiCounted ?? 0) + counted,
        latency: addLatencies(
          current?.latency ?? [],
          group.map((row) => row.latencyMs)
        )
      }));
    }
  }

  /** Buckets starting in [from, to), of one deployment or of all. */
  between(from: Date, to: Date, deployment?: string): Promise<Stored<TrafficBucketDocument>[]> {
    const start = { $gte: from.toISOString(), $lt: to.toISOString() };
    return this.buckets.find(deployment ? { deployment, start } : { start }, { sort: { start: 1 } });
  }
}

/** A prediction counts when the KPI output's first value of the row compares as the KPI says. */
export function kpiCounts(row: LoggedPrediction, kpi: Kpi): boolean {
  const value = row.outputs[kpi.output];
  const first = Array.isArray(value) ? value[0] : value;
  const x = typeof first === 'boolean' ? Number(first) : first;
  if (typeof x !== 'number') return false;
  switch (kpi.op) {
    case '>':
      return x > kpi.value;
    case '>=':
      return x >= kpi.value;
    case '<':
      return x < kpi.value;
    case '<=':
      return x <= kpi.value;
    case '==':
      return x === kpi.value;
  }
}
