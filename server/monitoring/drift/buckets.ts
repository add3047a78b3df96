/**
 * Window buckets in the store: one document per deployment × model version × minute, holding each
 * feature's sketch. A flush merges what memory gathered into the stored document (revision-guarded,
 * so two servers writing the same minute both count).
 */
import { DuplicateKeyError, StaleRevisionError } from '../../platform/errors';
import type { Collection, DocumentStore, Filter } from '../../platform/store/port';
import { FeatureSketch, type FeatureSketchDocument } from './sketches/feature-sketch';

export const BUCKET_MS = 60_000;
const MAX_ATTEMPTS = 5;

export interface BucketDocument {
  deployment: string;
  model: string;
  version: number;
  /** ISO start of the minute. */
  start: string;
  rows: number;
  features: Array<{ feature: string; sketch: FeatureSketchDocument }>;
}

export interface Bucket {
  deployment: string;
  model: string;
  version: number;
  start: string;
  rows: number;
  features: Map<string, FeatureSketch>;
}

export function bucketStart(at: string | Date): string {
  const ms = new Date(at).getTime();
  return new Date(ms - (((ms % BUCKET_MS) + BUCKET_MS) % BUCKET_MS)).toISOString();
}

export function bucketId(b: { deployment: string; model: string; version: number; start: string }): string {
  return `${b.deployment}|${b.model}|${b.version}|${b.start}`;
}

export function toBucket(doc: BucketDocument): Bucket {
  // Numeric sketches stored before value grids (KLL sketches, without `cells`) cannot merge with today's: they are left out.
  const current = doc.features.filter((f) => f.sketch.kind !== 'numeric' || 'cells' in f.sketch);
  return { ...doc, features: new Map(current.map((f) => [f.feature, FeatureSketch.fromDocument(f.sketch)])) };
}

function toDocument(bucket: Bucket): BucketDocument {
  return {
    deployment: bucket.deployment,
    model: bucket.model,
    version: bucket.version,
    start: bucket.start,
    rows: bucket.rows,
    features: [...bucket.features].map(([feature, sketch]) => ({ feature, sketch: sketch.toDocument() }))
  };
}

/** Adds b's rows and sketches into a. */
export function mergeBucket(a: Bucket, b: Bucket): Bucket {
  a.rows += b.rows;
  for (const [feature, sketch] of b.features) {
    const mine = a.features.get(feature);
    if (mine) mine.merge(sketch);
    else a.features.set(feature, FeatureSketch.fromDocument(sketch.toDocument()));
  }
  return a;
}

export class BucketStore {
  private readonly buckets: Collection<BucketDocument>;

  constructor(store: DocumentStore) {
    this.buckets = store.collection<BucketDocument>('monitoring_drift_buckets');
  }

  async prepare(): Promise<void> {
    await this.buckets.ensureIndex({ fields: ['deployment', 'start'] });
  }

  /** Adds `bucket` to the stored one for the same minute (or stores it). */
  async add(bucket: Bucket): Promise<void> {
    const id = bucketId(bucket);
    for (let attempt = 1; ; attempt++) {
      try {
        const stored = await this.buckets.get(id);
        if (!stored) {
          await this.buckets.insert({ _id: id, ...toDocument(bucket) });
          return;
        }
        const merged = mergeBucket(toBucket(stored), bucket);
        await this.buckets.update(id, stored._rev, { rows: merged.rows, features: toDocument(merged).features });
        return;
      } catch (err) {
        const raced = err instanceof StaleRevisionError || err instanceof DuplicateKeyError;
        if (!raced || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  }

  /** Buckets of a deployment starting in [from, to), oldest first. */
  async find(deployment: string, from: string, to: string, version?: number): Promise<Bucket[]> {
    const filter: Filter = { deployment, start: { $gte: from, $lt: to } };
    if (version !== undefined) filter.version = version;
    return (await this.buckets.find(filter, { sort: { start: 1 } })).map(toBucket);
  }
}
