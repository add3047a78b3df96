/**
 * Model versions: numbered 1, 2, … per model, each an ONNX artifact already validated, with
 * metrics, params, tags, a card and lineage derived from the run and training set it names.
 * Everything a version needs is checked before anything is written, so a refused request leaves
 * no version, no reserved number in use and no event behind.
 */
import { ConflictError, NotFoundError, StaleRevisionError } from '../platform/errors';
import type { Stored } from '../platform/store/port';
import type { ModelArtifacts } from './artifacts';
import { RETRIES, type RegistryStore } from './context';
import { COLLECTIONS, fromPairs, toPairs, versionId, type ModelDocument, type VersionDocument } from './documents';
import { deriveLineage } from './lineage/derive';
import type { LineageSources } from './lineage/sources';
import type { ModelCatalog } from './models';
import type { CreateVersionRequest, ModelVersion, UpdateVersionRequest } from '@mlportal/contract';

export class VersionCatalog {
  constructor(
    private readonly registry: RegistryStore,
    private readonly models: ModelCatalog,
    private readonly artifacts: ModelArtifacts,
    private readonly sources: LineageSources
  ) {}

  async create(name: string, request: CreateVersionRequest, actor: string): Promise<ModelVersion> {
    const model = await this.models.require(name);
    const artifact = await this.artifacts.get(request.artifact);
    const derived = await deriveLineage(request, this.sources);

    const number = await this.reserveNumber(model);
    const at = this.registry.now().toISOString();
    const stored = (await this.registry.recorded(
      {
        collection: this.registry.versions,
        insert: {
          _id: versionId(model._id, number),
          modelId: model._id,
          model: model.name,
          version: number,
          description: request.description ?? '',
          stage: 'none',
          artifact,
          metrics: toPairs(derived.metrics),
          params: toPairs(derived.params),
          tags: toPairs(request.tags),
          card: request.card ?? '',
          lineage: derived.lineage,
          trainingSetId: derived.lineage.trainingSetId ?? null,
          createdAt: at,
          createdBy: actor,
          updatedAt: at
        }
      },
      { modelId: model._id, model: model.name, version: number, kind: 'created', to: 'none', at, by: actor }
    ))!;
    return toModelVersion(stored, model.aliases);
  }

  async get(name: string, version: number): Promise<ModelVersion> {
    const model = await this.models.require(name);
    return toModelVersion(await this.require(model, version), model.aliases);
  }

  /** Newest first. */
  async list(name: string): Promise<ModelVersion[]> {
    const model = await this.models.require(name);
    const versions = await this.registry.versions.find({ modelId: model._id }, { sort: { version: -1 } });
    return versions.map((v) => toModelVersion(v, model.aliases));
  }

  async update(name: string, version: number, request: UpdateVersionRequest, actor: string): Promise<ModelVersion> {
    const model = await this.models.require(name);
    const stored = await this.require(model, version);
    const changes: Partial<VersionDocument> = { updatedAt: this.registry.now().toISOString() };
    if (request.description !== undefined) changes.description = request.description;
    if (request.card !== undefined) changes.card = request.card;
    if (request.tags !== undefined) changes.tags = toPairs(request.tags);
    if (request.metrics !== undefined) changes.metrics = toPairs(request.metrics);
    const updated = (await this.registry.recorded(
      { collection: this.registry.versions, update: stored._id, expectedRev: request.expectedRevision, changes },
      { modelId: model._id, model: name, version, kind: 'edited', at: changes.updatedAt, by: actor }
    ))!;
    return toModelVersion(updated, model.aliases);
  }

  /** Refused while in production; aliases that pointed at it go with it. */
  async delete(name: string, version: number, expectedRevision: number, actor: string): Promise<void> {
    const model = await this.models.require(name);
    const stored = await this.require(model, version);
    if (stored._rev !== expectedRevision)
      throw new StaleRevisionError(COLLECTIONS.versions, `${name}/${version}`, expectedRevision, stored._rev);
    if (stored.stage === 'production') {
      throw new ConflictError(`version ${version} of ${name} is in production; move it out of production before deleting it`, 'conflict', {
        version
      });
    }
    await this.registry.recorded(
      { collection: this.registry.versions, delete: stored._id, expectedRev: expectedRevision },
      { modelId: model._id, model: name, version, kind: 'deleted', from: stored.stage, to: null, by: actor }
    );
    // An alias left on a deleted version answers 404 when followed; dropping it is housekeeping, not a recorded change.
    await this.dropAliasesOf(model._id, version);
  }

  async require(model: Stored<ModelDocument>, version: number): Promise<Stored<VersionDocument>> {
    const stored = await this.registry.versions.get(versionId(model._id, version));
    if (!stored) throw new NotFoundError(`model ${model.name} has no version ${version}`, { model: model.name, version });
    return stored;
  }

  /** The next number, taken by advancing the model's counter at the revision read (again when another writer won). */
  private async reserveNumber(model: Stored<ModelDocument>): Promise<number> {
    let current: Stored<ModelDocument> | null = model;
    for (let attempt = 0; attempt < RETRIES && current; attempt++) {
      try {
        const updated = await this.registry.models.update(current._id, current._rev, {
          lastVersion: current.lastVersion + 1,
          updatedAt: this.registry.now().toISOString()
        });
        return updated.lastVersion;
      } catch (err) {
        if (!(err instanceof StaleRevisionError)) throw err;
        current = await this.registry.models.get(model._id);
      }
    }
    if (!current) throw new NotFoundError(`no model named ${model.name}`, { model: model.name });
    throw new ConflictError(`model ${model.name} is changing too fast to number a new version; try again`, 'conflict');
  }

  private async dropAliasesOf(modelId: string, version: number): Promise<void> {
    for (let attempt = 0; attempt < RETRIES; attempt++) {
      const model = await this.registry.models.get(modelId);
      if (!model || !Object.values(model.aliases).includes(version)) return;
      const aliases = Object.fromEntries(Object.entries(model.aliases).filter(([, v]) => v !== version));
      try {
        await this.registry.models.update(modelId, model._rev, { aliases, updatedAt: this.registry.now().toISOString() });
        return;
      } catch (err) {
        if (!(err instanceof StaleRevisionError)) throw err;
      }
    }
  }
}

export function toModelVersion(stored: Stored<VersionDocument>, aliases: Record<string, number>): ModelVersion {
  return {
    model: stored.model,
    version: stored.version,
    description: stored.description,
    stage: stored.stage,
    aliases: Object.entries(aliases)
      .filter(([, v]) => v === stored.version)
      .map(([alias]) => alias)
      .sort(),
    artifact: stored.artifact,
    metrics: fromPairs(stored.metrics),
    params: fromPairs(stored.params),
    tags: fromPairs(stored.tags),
    card: stored.card,
    lineage: stored.lineage,
    createdAt: stored.createdAt,
    createdBy: stored.createdBy,
    updatedAt: stored.updatedAt,
    revision: stored._rev
  };
}
