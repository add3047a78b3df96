/**
 * Labels and the quality aggregates built from them. A label document per prediction (its _id the
 * prediction id) remembers what it contributed, so a second label takes the first one's share out
 * of its bucket before adding its own. Buckets are per deployment × version × role × hour of the
 * prediction; series merge them.
 */
import { onceRetryingFailure } from '../../platform/once';
import type { Collection, DocumentStore, Stored } from '../../platform/store/port';
import type { MonitoringTask } from '../config/schemas';
import type { LoggedPrediction } from '../config/serving-port';
import { applyObservation, emptyAggregate, type Observation, type QualityAggregate } from './quality-aggregate';
import { HOUR_MS, floorTo } from './time-steps';
import { upsert } from './upsert';
import type { Label } from './observations';

export const LABELS_COLLECTION = 'monitoring_labels';
export const QUALITY_BUCKETS_COLLECTION = 'monitoring_quality_buckets';
export const QUALITY_BUCKET_MS = HOUR_MS;

export interface LabelDocument extends Observation {
  deployment: string;
  model: string;
  version: number;
  role: LoggedPrediction['role'];
  predictedAt: string;
  task: MonitoringTask;
  label: Label;
  labelledAt: string;
  labelledBy: string;
}

export interface QualityBucketDocument {
  deployment: string;
  model: string;
  version: number;
  role: LoggedPrediction['role'];
  /** The hour's start (ISO). */
  start: string;
  aggregate: QualityAggregate;
}

export type NewLabel = Omit<LabelDocument, 'labelledAt' | 'labelledBy'> & { predictionId: string };

export class QualityStore {
  private readonly labels: Collection<LabelDocument>;
  private readonly buckets: Collection<QualityBucketDocument>;
  readonly prepare = onceRetryingFailure(async () => {
    await this.buckets.ensureIndex({ fields: ['deployment', 'start'] });
  });

  constructor(store: DocumentStore) {
    this.labels = store.collection<LabelDocument>(LABELS_COLLECTION);
    this.buckets = store.collection<QualityBucketDocument>(QUALITY_BUCKETS_COLLECTION);
  }

  /** The ids among `ids` that carry a label. */
  async labelled(ids: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const doc of await this.labels.find({ _id: { $in: ids.slice(i, i + 500) } })) found.add(doc._id);
    }
    return found;
  }

  /** Stores the labels (replacing earlier ones) and moves the buckets by the difference. Call one at a time (SerialWork). */
  async record(labels: NewLabel[], actor: string, at: Date): Promise<void> {
    const earlier = new Map<string, Stored<LabelDocument>>();
    for (let i = 0; i < labels.length; i += 500) {
      const ids = labels.slice(i, i + 500).map((l) => l.predictionId);
      for (const doc of await this.labels.find({ _id: { $in: ids } })) earlier.set(doc._id, doc);
    }
    const changes = new Map<string, { key: Omit<QualityBucketDocument, 'aggregate'>; task: MonitoringTask; moves: Array<[Observation, 1 | -1]> }>();
    const move = (label: Omit<LabelDocument, 'labelledAt' | 'labelledBy'>, sign: 1 | -1) => {
      const start = new Date(floorTo(Date.parse(label.predictedAt), QUALITY_BUCKET_MS)).toISOString();
      const id = [label.deployment, label.model, label.version, label.role, start, label.task].join('|');
      const entry = changes.get(id) ?? { key: { deployment: label.deployment, model: label.model, version: label.version, role: label.role, start }, task: label.task, moves: [] };
      entry.moves.push([{ truth: label.truth, estimate: label.estimate }, sign]);
      changes.set(id, entry);
    };
    const fresh: Array<LabelDocument & { _id: string }> = [];
    for (const { predictionId, ...label } of labels) {
      const doc: LabelDocument = { ...label, labelledAt: at.toISOString(), labelledBy: actor };
      const before = earlier.get(predictionId);
      if (before) {
        move(before, -1);
        await this.labels.update(predictionId, before._rev, doc);
      } else fresh.push({ _id: predictionId, ...doc });
      move(label, 1);
    }
    if (fresh.length > 0) await this.labels.insertMany(fresh);
    for (const [id, { key, task, moves }] of changes) {
      await upsert(this.buckets, id, (current) => {
        let aggregate = current && current.aggregate.task === task ? current.aggregate : emptyAggregate(task);
        for (const [observation, sign] of moves) aggregate = applyObservation(aggregate, observation, sign);
        return { ...key, aggregate };
      });
    }
  }

  /** Buckets of a deployment whose hour starts in [from, to). */
  bucketsBetween(deployment: string, from: Date, to: Date): Promise<Stored<QualityBucketDocument>[]> {
    return this.buckets.find({ deployment, start: { $gte: from.toISOString(), $lt: to.toISOString() } }, { sort: { start: 1 } });
  }
}
