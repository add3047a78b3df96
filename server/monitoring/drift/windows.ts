/**
 * The window aggregator: logged predictions (serving's onLogged batches) become per-minute sketches
 * per deployment × model version × feature, kept in memory and written to the store every
 * flushIntervalMs and on close. Memory holds only the buckets touched since the last flush — their
 * sketches' size is fixed — never the rows. Batches are taken in order, one after another, so a
 * version's reference profile (whose bins the numeric sketches count over) is loaded before its rows.
 */
import type { Logger } from '../../platform/logging';
import { bucketId, bucketStart, type Bucket, type BucketStore } from './buckets';
import { emptySketchFor, type ReferenceProfile } from './profile';

/** What the aggregator reads of a LoggedPrediction (a record of serving's prediction log). */
export interface LoggedRow {
  deployment: string;
  model: string;
  version: number;
  at: string;
  features: Record<string, string | number | boolean | null> | null;
}

export interface WindowDependencies {
  buckets: BucketStore;
  /** The version's reference profile, or null when it has none (no training set in its lineage). */
  profile(model: string, version: number): Promise<ReferenceProfile | null>;
  logger: Logger;
  flushIntervalMs: number;
}

export class DriftWindows {
  private open = new Map<string, Bucket>();
  private pending: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: WindowDependencies) {}

  start(): void {
    if (this.deps.flushIntervalMs > 0)
      this.timer ??= setInterval(() => void this.flush().catch(() => undefined), this.deps.flushIntervalMs).unref();
  }

  /** Takes a batch (never throws: serving's log must not fail because monitoring did). */
  accept(batch: readonly LoggedRow[]): void {
    const rows = batch.filter((row) => row.features !== null);
    if (rows.length === 0) return;
    this.pending = this.pending
      .then(() => this.ingest(rows))
      .catch((err: unknown) => this.deps.logger.error({ err }, 'drift: a batch of predictions could not be sketched'));
  }

  /** Waits for the batches taken so far, then writes every open bucket to the store. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      await this.pending;
      const buckets = [...this.open.values()];
      this.open = new Map();
      for (const bucket of buckets) {
        try {
          await this.deps.buckets.add(bucket);
        } catch (err) {
          this.deps.logger.error(
            { err, deployment: bucket.deployment, start: bucket.start },
            'drift: a window bucket could not be stored; its rows are lost to drift'
          );
        }
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /**
   * Rows go to their buckets in order; then each bucket sketches its rows a feature column at a
   * time (FeatureSketch.addMany: the sketch adding them one by one gives, at a fraction of the cost).
   */
  private async ingest(rows: readonly LoggedRow[]): Promise<void> {
    const profiles = new Map<string, ReferenceProfile | null>();
    const batches = new Map<string, { bucket: Bucket; rows: LoggedRow[] }>();
    for (const row of rows) {
      const versionKey = `${row.model}@${row.version}`;
      let profile = profiles.get(versionKey);
      if (profile === undefined) profiles.set(versionKey, (profile = await this.deps.profile(row.model, row.version)));
      if (!profile) continue;
      const start = bucketStart(row.at);
      const key = bucketId({ ...row, start });
      let batch = batches.get(key);
      if (!batch) {
        let bucket = this.open.get(key);
        if (!bucket) {
          bucket = { deployment: row.deployment, model: row.model, version: row.version, start, rows: 0, features: new Map() };
          for (const feature of profile.features) bucket.features.set(feature.feature, emptySketchFor(feature));
          this.open.set(key, bucket);
        }
        batches.set(key, (batch = { bucket, rows: [] }));
      }
      batch.rows.push(row);
    }
    for (const { bucket, rows: bucketRows } of batches.values()) {
      bucket.rows += bucketRows.length;
      for (const [feature, sketch] of bucket.features) sketch.addMany(bucketRows.map((row) => row.features![feature]));
    }
  }
}
