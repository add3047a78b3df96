/**
 * The labelling queue: a classifier's low-confidence predictions (|score − 0.5| < margin), copied
 * from the prediction stream as they are logged (monitoring never reads serving's collections), and
 * dropped once labelled. The row is kept as JSON text: feature and output names may hold ".",
 * which the store refuses in field names. Each deployment's queue holds at most
 * MAX_QUEUED_PER_DEPLOYMENT rows: past it the oldest are dropped.
 */
import type { Collection, DocumentStore } from '../../platform/store/port';
import type { MonitoringConfig } from '@mlportal/contract';
import type { LoggedPrediction } from '../config/serving-port';
import { scoreOf } from './observations';

export const QUEUE_COLLECTION = 'monitoring_labelling_queue';

/**
 * A queue nobody works through must not grow with traffic (every row holds a whole logged
 * prediction). Far more than people label by hand; when full, the oldest rows go: the queue is
 * labelled newest first, and a recent row tells more about the model serving now.
 */
export const MAX_QUEUED_PER_DEPLOYMENT = 10_000;

interface QueueDocument {
  deployment: string;
  at: string;
  score: number;
  row: string;
}

export type QueuedPrediction = LoggedPrediction & { score: number };

export class LabellingQueue {
  private readonly items: Collection<QueueDocument>;

  constructor(
    store: DocumentStore,
    /** Tests pass a small one. */
    private readonly maxPerDeployment = MAX_QUEUED_PER_DEPLOYMENT
  ) {
    this.items = store.collection<QueueDocument>(QUEUE_COLLECTION);
  }

  /** At start, before the first request: indexes. */
  async prepare(): Promise<void> {
    await this.items.ensureIndex({ fields: ['deployment', 'at'] });
  }

  /** Queues the low-confidence rows of one deployment's batch (served rows only: a shadow's answers reach nobody). */
  async offer(batch: LoggedPrediction[], config: MonitoringConfig): Promise<number> {
    if (config.task !== 'classification') return 0;
    const margin = config.lowConfidence.margin;
    const queued: Array<QueueDocument & { _id: string }> = [];
    for (const prediction of batch) {
      if (prediction.role === 'shadow') continue;
      const score = scoreOf(prediction, config);
      if (score !== null && Math.abs(score - 0.5) < margin) {
        queued.push({ _id: prediction.id, deployment: prediction.deployment, at: prediction.at, score, row: JSON.stringify(prediction) });
      }
    }
    if (queued.length === 0) return 0;
    await this.items.insertMany(queued);
    for (const deployment of new Set(queued.map((q) => q.deployment))) await this.trim(deployment);
    return queued.length;
  }

  /** Drops the oldest rows beyond the cap. */
  private async trim(deployment: string): Promise<void> {
    const excess = (await this.items.count({ deployment })) - this.maxPerDeployment;
    if (excess <= 0) return;
    for (const doc of await this.items.find({ deployment }, { sort: { at: 1 }, limit: excess })) {
      // Gone already (labelled meanwhile, or trimmed by another replica): nothing to drop.
      await this.items.delete(doc._id, doc._rev).catch(() => undefined);
    }
  }

  /** Newest first, skipping `labelled` (rows labelled before they were dropped). */
  async list(deployment: string, limit: number, labelled: (ids: string[]) => Promise<Set<string>>): Promise<QueuedPrediction[]> {
    const items: QueuedPrediction[] = [];
    const pageSize = Math.max(limit * 2, 100);
    for (let skip = 0; items.length < limit; skip += pageSize) {
      const page = await this.items.find({ deployment }, { sort: { at: -1 }, limit: pageSize, skip });
      const done = await labelled(page.map((d) => d._id));
      for (const doc of page)
        if (!done.has(doc._id) && items.length < limit) items.push({ ...(JSON.parse(doc.row) as LoggedPrediction), score: doc.score });
      if (page.length < pageSize) break;
    }
    return items;
  }

  async drop(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      for (const doc of await this.items.find({ _id: { $in: ids.slice(i, i + 500) } }))
        await this.items.delete(doc._id, doc._rev).catch(() => undefined);
    }
  }
}
