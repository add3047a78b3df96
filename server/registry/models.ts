/**
 * Registered models: create, read, list (by name, substring search, opaque page token), edit
 * description and tags, delete (never while a version is in production). Version counts, the
 * latest and the production version are read from the versions, so they cannot drift.
 */
import { randomUUID } from 'node:crypto';
import { BadRequestError, ConflictError, DuplicateKeyError, NotFoundError, StaleRevisionError } from '../platform/errors';
import type { Filter, Stored } from '../platform/store/port';
import type { RegistryStore } from './context';
import { COLLECTIONS, fromPairs, toPairs, type ModelDocument, type VersionDocument } from './documents';
import type { CreateModelRequest, ListModelsQuery, ModelList, RegisteredModel, UpdateModelRequest } from '@mlportal/contract';

export const DEFAULT_PAGE_SIZE = 100;

export class ModelCatalog {
  constructor(private readonly registry: RegistryStore) {}

  async create(request: CreateModelRequest, actor: string): Promise<RegisteredModel> {
    const at = this.registry.now().toISOString();
    const id = `m_${randomUUID().replace(/-/g, '')}`;
    let stored: Stored<ModelDocument>;
    try {
      stored = (await this.registry.recorded(
        {
          collection: this.registry.models,
          insert: {
            _id: id,
            name: request.name,
            description: request.description ?? '',
            tags: toPairs(request.tags),
            aliases: {},
            lastVersion: 0,
            createdAt: at,
            createdBy: actor,
            updatedAt: at
          }
        },
        { modelId: id, model: request.name, kind: 'created', at, by: actor }
      ))!;
    } catch (err) {
      if (err instanceof DuplicateKeyError)
        throw new ConflictError(`a model named ${request.name} already exists`, 'duplicate', { name: request.name });
      throw err;
    }
    return toRegisteredModel(stored, []);
  }

  async get(name: string): Promise<RegisteredModel> {
    const stored = await this.require(name);
    return toRegisteredModel(stored, await this.versionsOf([stored._id]));
  }

  async require(name: string): Promise<Stored<ModelDocument>> {
    const stored = await this.registry.models.findOne({ name });
    if (!stored) throw new NotFoundError(`no model named ${name}`, { model: name });
    return stored;
  }

  /** By name; the page token is the base64url of the last name of the page before. */
  async list(query: ListModelsQuery = {}): Promise<ModelList> {
    const limit = query.maxResults ?? DEFAULT_PAGE_SIZE;
    const after = query.pageToken === undefined ? undefined : decodePageToken(query.pageToken);
    const filter: Filter = after === undefined ? {} : { name: { $gt: after } };
    const search = query.search?.toLowerCase();
    const page: Array<Stored<ModelDocument>> = [];
    // Names are few next to documents elsewhere (hundreds); a search reads on until the page is full.
    for (const model of await this.registry.models.find(filter, { sort: { name: 1 } })) {
      if (search !== undefined && !model.name.toLowerCase().includes(search)) continue;
      if (page.length === limit) {
        const last = page[page.length - 1].name;
        return { models: await this.withVersions(page), nextPageToken: Buffer.from(last, 'utf8').toString('base64url') };
      }
      page.push(model);
    }
    return { models: await this.withVersions(page) };
  }

  async update(name: string, request: UpdateModelRequest, actor: string): Promise<RegisteredModel> {
    const stored = await this.require(name);
    const changes: Partial<ModelDocument> = { updatedAt: this.registry.now().toISOString() };
    if (request.description !== undefined) changes.description = request.description;
    if (request.tags !== undefined) changes.tags = toPairs(request.tags);
    const updated = (await this.registry.recorded(
      { collection: this.registry.models, update: stored._id, expectedRev: request.expectedRevision, changes },
      { modelId: stored._id, model: name, kind: 'edited', at: changes.updatedAt, by: actor }
    ))!;
    return toRegisteredModel(updated, await this.versionsOf([stored._id]));
  }

  /** Removes the model and its versions; refused while a version is in production. */
  async delete(name: string, expectedRevision: number, actor: string): Promise<void> {
    const stored = await this.require(name);
    if (stored._rev !== expectedRevision) throw new StaleRevisionError(COLLECTIONS.models, name, expectedRevision, stored._rev);
    const inProduction = await this.registry.versions.find({ modelId: stored._id, stage: 'production' }, { sort: { version: 1 } });
    if (inProduction.length > 0) {
      throw new ConflictError(
        `model ${name} has version ${inProduction.map((v) => v.version).join(', ')} in production; move it out of production before deleting the model`,
        'conflict',
        { versions: inProduction.map((v) => v.version) }
      );
    }
    // The model document is the gate: once it is gone (at the revision the caller read), its
    // versions are unreachable under any name, so removing them after is only housekeeping.
    await this.registry.recorded(
      { collection: this.registry.models, delete: stored._id, expectedRev: expectedRevision },
      { modelId: stored._id, model: name, kind: 'deleted', by: actor }
    );
    for (const version of await this.registry.versions.find({ modelId: stored._id })) {
      await this.registry.versions.delete(version._id, version._rev).catch(() => undefined);
    }
  }

  /** { version, stage } of every version of these models. */
  async versionsOf(modelIds: string[]): Promise<Array<Stored<VersionDocument>>> {
    if (modelIds.length === 0) return [];
    return this.registry.versions.find(modelIds.length === 1 ? { modelId: modelIds[0] } : { modelId: { $in: modelIds } });
  }

  private async withVersions(models: Array<Stored<ModelDocument>>): Promise<RegisteredModel[]> {
    const byModel = new Map<string, Array<Stored<VersionDocument>>>();
    for (const version of await this.versionsOf(models.map((m) => m._id))) {
      byModel.set(version.modelId, [...(byModel.get(version.modelId) ?? []), version]);
    }
    return models.map((model) => toRegisteredModel(model, byModel.get(model._id) ?? []));
  }
}

export function toRegisteredModel(
  stored: Stored<ModelDocument>,
  versions: Array<Pick<VersionDocument, 'version' | 'stage'>>
): RegisteredModel {
  const numbers = versions.map((v) => v.version);
  const production = versions.filter((v) => v.stage === 'production').map((v) => v.version);
  return {
    name: stored.name,
    description: stored.description,
    tags: fromPairs(stored.tags),
    aliases: { ...stored.aliases },
    latestVersion: numbers.length > 0 ? Math.max(...numbers) : null,
    versionCount: numbers.length,
    productionVersion: production.length > 0 ? Math.max(...production) : null,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    createdBy: stored.createdBy,
    revision: stored._rev
  };
}

function decodePageToken(token: string): string {
  const name = Buffer.from(token, 'base64url').toString('utf8');
  if (name === '' || Buffer.from(name, 'utf8').toString('base64url') !== token) {
    throw new BadRequestError('pageToken: not a page token this server gave out', { field: 'pageToken' }, 'invalid_page_token');
  }
  return name;
}
