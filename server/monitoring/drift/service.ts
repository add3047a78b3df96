/**
 * Drift's story: logged predictions are sketched per minute (windows.ts) against the reference
 * profile of their version (profiles.ts); a report merges a window's buckets and compares each
 * feature with the reference (compare.ts); history does so per step.
 */
import { BadRequestError, NotFoundError } from '../../platform/errors';
import type { Logger } from '../../platform/logging';
import type { DocumentStore } from '../../platform/store/port';
import type { MonitoringNeighbours } from '../neighbours';
import { BucketStore, mergeBucket, type Bucket } from './buckets';
import type { FeatureDrift } from '@mlportal/contract';
import { compareFeature } from './compare';
import { emptySketchFor, type ReferenceProfile } from './profile';
import { ProfileService } from './profiles';
import { DEFAULT_DRIFT_THRESHOLDS, type DriftThresholds } from './thresholds';
import { DriftWindows, type LoggedRow } from './windows';

export interface DriftReport {
  deployment: string;
  model: string;
  version: number;
  reference: { trainingSetId: string; rows: number };
  window: { from: string; to: string; rows: number };
  features: FeatureDrift[];
  drifted: number;
}

export interface DriftHistory {
  steps: Array<{ start: string; rows: number; features: Record<string, { score: number; drifted: boolean; psi: number }> }>;
}

export interface WindowQuery {
  from?: string;
  to?: string;
  version?: number;
  thresholds?: Partial<DriftThresholds>;
}

export interface PredictionFeed {
  onLogged(listener: (batch: LoggedRow[]) => void): () => void;
}

export interface DriftDependencies {
  store: DocumentStore;
  logger: Logger;
  /** The version's training set (the reference), and serving's stream of logged predictions. */
  neighbours: Pick<MonitoringNeighbours, 'modelVersion' | 'trainingSet' | 'trainingSetParquet'> & { serving: PredictionFeed };
  now: () => Date;
  /** The deployment's own thresholds (its monitoring config), over the defaults; a query's win over both. */
  thresholdsOf?: (deployment: string) => Promise<Partial<DriftThresholds> | undefined>;
  /** How often the window buckets are written (ms; 0: only on report and close). Default 10 s. */
  flushIntervalMs?: number;
}

export const DEFAULT_WINDOW_MS = 24 * 3600_000;
const MAX_HISTORY_STEPS = 2000;

export class DriftService {
  readonly profiles: ProfileService;
  private readonly buckets: BucketStore;
  private readonly windows: DriftWindows;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: DriftDependencies) {
    this.profiles = new ProfileService({ store: deps.store, neighbours: deps.neighbours, logger: deps.logger, now: deps.now });
    this.buckets = new BucketStore(deps.store);
    this.windows = new DriftWindows({
      buckets: this.buckets,
      profile: (model, version) => this.profiles.find(model, version),
      logger: deps.logger,
      flushIntervalMs: deps.flushIntervalMs ?? 10_000
    });
  }

  async prepare(): Promise<void> {
    await this.buckets.prepare();
    this.unsubscribe = this.deps.neighbours.serving.onLogged((batch) => this.windows.accept(batch));
    this.windows.start();
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.windows.close();
  }

  /** Takes logged rows directly (what the onLogged subscription does). */
  accept(batch: LoggedRow[]): void {
    this.windows.accept(batch);
  }

  /** Writes what the windows hold (reports do this first). */
  flush(): Promise<void> {
    return this.windows.flush();
  }

  async report(deployment: string, query: WindowQuery = {}): Promise<DriftReport> {
    const { from, to } = this.range(query);
    const { model, version, buckets } = await this.versionBuckets(deployment, from, to, query.version);
    const profile = await this.profiles.get(model, version);
    const merged = mergeAll(buckets, profile);
    const thresholds = await this.thresholds(deployment, query);
    const features = compareAll(profile, merged, thresholds);
    return {
      deployment,
      model,
      version,
      reference: { trainingSetId: profile.trainingSetId, rows: profile.rows },
      window: { from, to, rows: merged.rows },
      features,
      drifted: features.filter((f) => f.drifted).length
    };
  }

  private async thresholds(deployment: string, query: WindowQuery): Promise<DriftThresholds> {
    return { ...DEFAULT_DRIFT_THRESHOLDS, ...(await this.deps.thresholdsOf?.(deployment)), ...query.thresholds };
  }

  async history(deployment: string, query: WindowQuery & { step?: string } = {}): Promise<DriftHistory> {
    const { from, to } = this.range(query);
    const stepMs = parseStep(query.step ?? '1h');
    const fromMs = Date.parse(from);
    const steps = Math.ceil((Date.parse(to) - fromMs) / stepMs);
    if (steps > MAX_HISTORY_STEPS)
      throw new BadRequestError(
        `step: ${query.step} over ${from} … ${to} makes ${steps} steps, more than ${MAX_HISTORY_STEPS}; take a longer step`,
        { field: 'step' }
      );
    const { model, version, buckets } = await this.versionBuckets(deployment, from, to, query.version);
    const profile = await this.profiles.get(model, version);
    const thresholds = await this.thresholds(deployment, query);
    const byStep = new Map<number, Bucket[]>();
    for (const bucket of buckets) {
      const index = Math.floor((Date.parse(bucket.start) - fromMs) / stepMs);
      byStep.set(index, [...(byStep.get(index) ?? []), bucket]);
    }
    return {
      steps: [...byStep.keys()]
        .sort((a, b) => a - b)
        .map((index) => {
          const merged = mergeAll(byStep.get(index)!, profile);
          const features = Object.fromEntries(
            compareAll(profile, merged, thresholds).map((f) => [f.feature, { score: f.score, drifted: f.drifted, psi: f.psi }])
          );
          return { start: new Date(fromMs + index * stepMs).toISOString(), rows: merged.rows, features };
        })
    };
  }

  private range(query: WindowQuery): { from: string; to: string } {
    const to = query.to ? new Date(query.to) : this.deps.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_WINDOW_MS);
    if (Number.isNaN(to.getTime())) throw new BadRequestError(`to: ${query.to} is not a date`, { field: 'to' });
    if (Number.isNaN(from.getTime())) throw new BadRequestError(`from: ${query.from} is not a date`, { field: 'from' });
    if (from >= to) throw new BadRequestError(`from (${from.toISOString()}) must be before to (${to.toISOString()})`, { field: 'from' });
    return { from: from.toISOString(), to: to.toISOString() };
  }

  /** The window's buckets of one version: the one asked, else the one with the most rows (the newest on a tie). */
  private async versionBuckets(
    deployment: string,
    from: string,
    to: string,
    version?: number
  ): Promise<{ model: string; version: number; buckets: Bucket[] }> {
    await this.windows.flush();
    const buckets = await this.buckets.find(deployment, from, to, version);
    if (buckets.length === 0) {
      throw new NotFoundError(
        `deployment ${deployment} has no logged predictions with features${version !== undefined ? ` for version ${version}` : ''} between ${from} and ${to}`,
        { deployment, from, to }
      );
    }
    const rows = new Map<number, { model: string; rows: number }>();
    for (const b of buckets) rows.set(b.version, { model: b.model, rows: (rows.get(b.version)?.rows ?? 0) + b.rows });
    const [chosen, info] = [...rows].sort((a, b) => b[1].rows - a[1].rows || b[0] - a[0])[0]!;
    return { model: info.model, version: chosen, buckets: buckets.filter((b) => b.version === chosen) };
  }
}

function mergeAll(buckets: readonly Bucket[], profile: ReferenceProfile): Bucket {
  const total: Bucket = { deployment: '', model: profile.model, version: profile.version, start: '', rows: 0, features: new Map() };
  for (const feature of profile.features) total.features.set(feature.feature, emptySketchFor(feature));
  for (const bucket of buckets) mergeBucket(total, bucket);
  return total;
}

function compareAll(profile: ReferenceProfile, merged: Bucket, thresholds: DriftThresholds): FeatureDrift[] {
  return profile.features.flatMap((feature) => {
    const current = merged.features.get(feature.feature);
    const drift = current ? compareFeature(feature, current, profile.rows, thresholds) : null;
    return drift ? [drift] : [];
  });
}

/** "15m", "1h", "1d" → milliseconds. */
export function parseStep(step: string): number {
  const match = /^(\d+)(m|h|d)$/.exec(step);
  if (!match || Number(match[1]) === 0) throw new BadRequestError(`step: ${step} is not a duration like 15m, 1h or 1d`, { field: 'step' });
  return Number(match[1]) * { m: 60_000, h: 3600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
}
