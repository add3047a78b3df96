/**
 * Reference profiles, one per model version, built the first time drift needs one and stored:
 * version → registry lineage → trainingSetId → the feature store's training set (its feature
 * columns and types, and its Parquet data) → profileColumns.
 */
import { createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { AppError, DuplicateKeyError, NotFoundError, StaleRevisionError } from '../../platform/errors';
import type { Logger } from '../../platform/logging';
import type { Collection, DocumentStore } from '../../platform/store/port';
import type { MonitoringNeighbours } from '../neighbours';
import { profileColumns, type ReferenceProfile } from './profile';
import { readParquetColumns, type ColumnRequest } from './training-data';

export interface ProfileDependencies {
  store: DocumentStore;
  neighbours: Pick<MonitoringNeighbours, 'modelVersion' | 'trainingSet' | 'trainingSetParquet'>;
  logger: Logger;
  now: () => Date;
}

export class NoReferenceError extends AppError {
  constructor(model: string, version: number) {
    super(
      422,
      'no_reference',
      `model ${model} version ${version} has no training set in its lineage: drift needs one as its reference (register the version with trainingSetId)`,
      { model, version }
    );
  }
}

export class ProfileService {
  private readonly profiles: Collection<ReferenceProfile>;
  private readonly loading = new Map<string, Promise<ReferenceProfile>>();

  constructor(private readonly deps: ProfileDependencies) {
    this.profiles = deps.store.collection<ReferenceProfile>('monitoring_drift_profiles');
  }

  /** The stored profile, built (once, even when asked concurrently) when missing. */
  get(model: string, version: number): Promise<ReferenceProfile> {
    const id = `${model}@v${version}`;
    let loading = this.loading.get(id);
    if (!loading) {
      loading = this.load(id, model, version);
      this.loading.set(id, loading);
      // A failure is not kept: the next call tries again (the training set may appear, the store come back).
      loading.catch(() => this.loading.delete(id));
    }
    return loading;
  }

  /** null when the version has no reference; other failures are logged and give null too (the aggregator must go on). */
  async find(model: string, version: number): Promise<ReferenceProfile | null> {
    try {
      return await this.get(model, version);
    } catch (err) {
      if (!(err instanceof NoReferenceError))
        this.deps.logger.error({ err, model, version }, 'drift: the reference profile could not be built');
      return null;
    }
  }

  private async load(id: string, model: string, version: number): Promise<ReferenceProfile> {
    const stored = await this.profiles.get(id);
    if (stored && hasValueGrids(stored)) return stored;
    const profile = await this.build(model, version);
    try {
      // A profile stored before value grids (a KLL sketch per numeric feature) is built again in its place.
      if (stored) return await this.profiles.update(id, stored._rev, profile);
      return await this.profiles.insert({ _id: id, ...profile });
    } catch (err) {
      if (err instanceof DuplicateKeyError || err instanceof StaleRevisionError) return (await this.profiles.get(id))!;
      throw err;
    }
  }

  private async build(model: string, version: number): Promise<ReferenceProfile> {
    const found = await this.deps.neighbours.modelVersion(model, version);
    const trainingSetId = found.lineage.trainingSetId;
    if (!trainingSetId) throw new NoReferenceError(model, version);
    let trainingSet;
    try {
      trainingSet = await this.deps.neighbours.trainingSet(trainingSetId);
    } catch (err) {
      if (err instanceof NotFoundError) throw new NoReferenceError(model, version);
      throw err;
    }
    const requests: ColumnRequest[] = trainingSet.features
      .filter((f) => f.type !== 'timestamp')
      .map((f) => ({ name: f.column, kind: f.type === 'int64' || f.type === 'float64' ? 'numeric' : 'categorical' }));
    const file = path.join(os.tmpdir(), `mlportal-drift-${randomUUID()}.parquet`);
    try {
      // Only statistics leave this function, never rows.
      await pipeline(await this.deps.neighbours.trainingSetParquet(trainingSetId), createWriteStream(file, { mode: 0o600 }));
      const { rows, columns } = await readParquetColumns(file, requests);
      this.deps.logger.info({ model, version, trainingSetId, rows, features: columns.length }, 'drift: reference profile built');
      return { model, version, trainingSetId, rows, features: profileColumns(columns), builtAt: this.deps.now().toISOString() };
    } finally {
      await fs.rm(file, { force: true });
    }
  }
}

function hasValueGrids(profile: ReferenceProfile): boolean {
  return profile.features.every((f) => f.kind !== 'numeric' || f.grid);
}
