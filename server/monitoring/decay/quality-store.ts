/**
 * Labels and the quality aggregates built from them. A label document per prediction (its _id the
 * prediction id) remembers what it contributed, so a second label takes the first one's share out
 * of its bucket before adding its own. Buckets are per deployment × version × role × hour of the
 * prediction; series merge them.
 *
 * Labels and the bucket changes they make are written together (DocumentStore.writeTogether: one
 * transaction, or the store's outbox), a few hundred labels per group: a crash never leaves a label
 * whose share is missing from its bucket, or a share without its label (which a resent label would
 * then take out twice).
 */
import { DuplicateKeyError, StaleRevisionError } from '../../platform/errors';
import type { Collection, DocumentStore, GroupWrite, Stored } from '../../platform/store/port';
import type { MonitoringTask } from '@mlportal/contract';
import type { LoggedPrediction } from '../config/serving-port';
import { fromStoredAggregate, toStoredAggregate, type StoredAggregate } from './bucket-form';
import { applyObservation, emptyAggregate, type Observation, type QualityAggregate } from './quality-aggregate';
import { HOUR_MS, floorTo } from './time-steps';
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
  aggregate: StoredAggregate;
}

export type QualityBucket = Stored<Omit<QualityBucketDocument, 'aggregate'>> & { aggregate: QualityAggregate };

export type NewLabel = Omit<LabelDocument, 'labelledAt' | 'labelledBy'> & { predictionId: string };

/** Labels per group: with their buckets (at most one each) a group stays far below the store's bound on a group. */
export const LABELS_PER_GROUP = 500;
/** Another writer (another replica) changed a label or bucket between the reads and the group: read again. */
const MAX_ATTEMPTS = 20;

type BucketChange = { key: Omit<QualityBucketDocument, 'aggregate'>; task: MonitoringTask; moves: Array<[Observation, 1 | -1]> };

export class QualityStore {
  private readonly labels: Collection<LabelDocument>;
  private readonly buckets: Collection<QualityBucketDocument>;

  constructor(private readonly store: DocumentStore) {
    this.labels = store.collection<LabelDocument>(LABELS_COLLECTION);
    this.buckets = store.collection<QualityBucketDocument>(QUALITY_BUCKETS_COLLECTION);
  }

  /** At start, before the first request: indexes. */
  async prepare(): Promise<void> {
    await this.buckets.ensureIndex({ fields: ['deployment', 'start'] });
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
    for (let i = 0; i < labels.length; i += LABELS_PER_GROUP) {
      const part = labels.slice(i, i + LABELS_PER_GROUP);
      for (let attempt = 1; ; attempt++) {
        try {
          await this.store.writeTogether(await this.groupFor(part, actor, at));
          break;
        } catch (err) {
          const raced = err instanceof StaleRevisionError || err instanceof DuplicateKeyError;
          if (!raced || attempt >= MAX_ATTEMPTS) throw err;
        }
      }
    }
  }

  /** The writes of one group, from fresh reads: the buckets moved by the labels, then the labels. */
  private async groupFor(labels: NewLabel[], actor: string, at: Date): Promise<GroupWrite[]> {
    const earlier = new Map((await this.labels.find({ _id: { $in: labels.map((l) => l.predictionId) } })).map((doc) => [doc._id, doc]));
    const changes = new Map<string, BucketChange>();
    const move = (label: Omit<LabelDocument, 'labelledAt' | 'labelledBy'>, sign: 1 | -1) => {
      const start = new Date(floorTo(Date.parse(label.predictedAt), QUALITY_BUCKET_MS)).toISOString();
      const id = [label.deployment, label.model, label.version, label.role, start, label.task].join('|');
      const entry = changes.get(id) ?? {
        key: { deployment: label.deployment, model: label.model, version: label.version, role: label.role, start },
        task: label.task,
        moves: []
      };
      entry.moves.push([{ truth: label.truth, estimate: label.estimate }, sign]);
      changes.set(id, entry);
    };
    const labelWrites: GroupWrite[] = [];
    for (const { predictionId, ...label } of labels) {
      const doc: LabelDocument = { ...label, labelledAt: at.toISOString(), labelledBy: actor };
      const before = earlier.get(predictionId);
      if (before) {
        move(before, -1);
        labelWrites.push({ collection: this.labels.name, update: predictionId, expectedRev: before._rev, changes: doc });
      } else labelWrites.push({ collection: this.labels.name, insert: { _id: predictionId, ...doc } });
      move(label, 1);
    }
    const current = new Map((await this.buckets.find({ _id: { $in: [...changes.keys()] } })).map((doc) => [doc._id, doc]));
    const bucketWrites: GroupWrite[] = [...changes].map(([id, { key, task, moves }]) => {
      const stored = current.get(id);
      let aggregate: QualityAggregate =
        stored && stored.aggregate.task === task ? fromStoredAggregate(stored.aggregate) : emptyAggregate(task);
      for (const [observation, sign] of moves) aggregate = applyObservation(aggregate, observation, sign);
      const bucket: QualityBucketDocument = { ...key, aggregate: toStoredAggregate(aggregate) };
      return stored
        ? { collection: this.buckets.name, update: id, expectedRev: stored._rev, changes: bucket }
        : { collection: this.buckets.name, insert: { _id: id, ...bucket } };
    });
    return [...bucketWrites, ...labelWrites];
  }

  /** Buckets of a deployment whose hour starts in [from, to). */
  async bucketsBetween(deployment: string, from: Date, to: Date): Promise<QualityBucket[]> {
    const found = await this.buckets.find(
      { deployment, start: { $gte: from.toISOString(), $lt: to.toISOString() } },
      { sort: { start: 1 } }
    );
    return found.map((bucket) => ({ ...bucket, aggregate: fromStoredAggregate(bucket.aggregate) }));
  }
}
