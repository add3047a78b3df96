/**
 * Feature groups and their versions. The group document holds the metadata and the current
 * version's schema; each version has its own document (the schema it was made with, freshness and
 * statistics of its committed data). Edits name the revision they read; a breaking change of the
 * schema moves the group to a new version and leaves every stored file where it is.
 */
import { BadRequestError, ConflictError, DuplicateKeyError, NotFoundError } from '../../platform/errors';
import type { Collection, DocumentStore, Stored } from '../../platform/store/port';
import {
  COLLECTIONS,
  EMPTY_FRESHNESS,
  versionId,
  type ColumnSpec,
  type FeatureDocument,
  type GroupDocument,
  type VersionDocument
} from '../documents';
import type { CreateGroupRequest, FeatureDefinition, Group, GroupVersion, UpdateGroupRequest } from '@mlportal/contract';
import type { Actor, EntityCatalog } from './entities';
import { diffGroup } from './schema-diff';

export interface GroupUpdate {
  group: Group;
  versionCreated: boolean;
  changes: string[];
}

export class GroupCatalog {
  private readonly groups: Collection<GroupDocument>;
  private readonly versions: Collection<VersionDocument>;

  constructor(
    store: DocumentStore,
    private readonly entities: EntityCatalog,
    private readonly now: () => Date
  ) {
    this.groups = store.collection<GroupDocument>(COLLECTIONS.groups);
    this.versions = store.collection<VersionDocument>(COLLECTIONS.versions);
  }

  async prepare(): Promise<void> {
    await this.groups.ensureIndex({ fields: ['name'], unique: true });
    await this.versions.ensureIndex({ fields: ['group', 'version'], unique: true });
  }

  async create(request: CreateGroupRequest, actor: Actor): Promise<Group> {
    const entity = await this.entities.require(request.entity);
    checkColumns(entity.joinKeys, request.eventTime, request.features);
    const at = this.now().toISOString();
    let stored: Stored<GroupDocument>;
    try {
      stored = await this.groups.insert({
        _id: request.name,
        name: request.name,
        entity: entity.name,
        joinKeys: entity.joinKeys,
        eventTime: request.eventTime,
        features: request.features.map(toFeatureDocument),
        description: request.description ?? '',
        owner: request.owner ?? actor.name,
        tags: request.tags ?? [],
        online: request.online ?? true,
        version: 1,
        versionChanges: [],
        versionCreatedAt: at,
        versionCreatedBy: actor.tokenId,
        createdAt: at,
        createdBy: actor.tokenId,
        updatedAt: at,
        updatedBy: actor.tokenId
      });
    } catch (err) {
      if (err instanceof DuplicateKeyError)
        throw new ConflictError(`a feature group named ${request.name} already exists`, 'group_exists', { name: request.name });
      throw err;
    }
    const version = await this.ensureVersion(stored);
    return toGroup(stored, version);
  }

  /** Applies a whole new definition: metadata in place, a breaking schema change as a new version. */
  async update(name: string, request: UpdateGroupRequest, actor: Actor): Promise<GroupUpdate> {
    const current = await this.require(name);
    const entity =
      request.entity === current.entity
        ? { name: current.entity, joinKeys: current.joinKeys }
        : await this.entities.require(request.entity);
    checkColumns(entity.joinKeys, request.eventTime, request.features);
    const next = {
      entity: entity.name,
      joinKeys: entity.joinKeys,
      eventTime: request.eventTime,
      features: request.features.map(toFeatureDocument),
      description: request.description ?? current.description,
      owner: request.owner ?? current.owner,
      tags: request.tags ?? current.tags,
      online: request.online ?? current.online
    };
    const diff = diffGroup(current, next);
    const at = this.now().toISOString();
    const breaking = diff.breaking.length > 0;
    const updated = await this.groups.update(current._id, request.expectedRevision, {
      ...next,
      ...(breaking
        ? { version: current.version + 1, versionChanges: diff.breaking, versionCreatedAt: at, versionCreatedBy: actor.tokenId }
        : {}),
      updatedAt: at,
      updatedBy: actor.tokenId
    });
    const version = await this.ensureVersion(updated);
    return { group: toGroup(updated, version), versionCreated: breaking, changes: [...diff.breaking, ...diff.metadata] };
  }

  async get(name: string): Promise<Group> {
    const stored = await this.require(name);
    return toGroup(stored, await this.ensureVersion(stored));
  }

  async require(name: string): Promise<Stored<GroupDocument>> {
    const stored = await this.groups.get(name);
    if (!stored) throw new NotFoundError(`no feature group named ${name}`, { group: name });
    return stored;
  }

  /** Several groups by name (one round trip); missing ones are absent from the map. */
  async findMany(names: string[]): Promise<Map<string, Stored<GroupDocument>>> {
    const found = await this.groups.find({ _id: { $in: [...new Set(names)] } });
    return new Map(found.map((g) => [g.name, g]));
  }

  /** Whether `doc` is still the stored document: same revision of the same group (createdAt tells a remade one). Reads no document. */
  async isCurrent(doc: Stored<GroupDocument>): Promise<boolean> {
    return (await this.groups.count({ _id: doc._id, _rev: doc._rev, createdAt: doc.createdAt })) === 1;
  }

  async listDocuments(): Promise<Stored<GroupDocument>[]> {
    return this.groups.find({}, { sort: { name: 1 } });
  }

  async list(): Promise<Group[]> {
    const groups = await this.listDocuments();
    const versions = await this.currentVersions(groups);
    return groups.map((g) => toGroup(g, versions.get(g.name)!));
  }

  /** The current version document of each group (rebuilt when missing). */
  async currentVersions(groups: Stored<GroupDocument>[]): Promise<Map<string, Stored<VersionDocument>>> {
    const found = await this.versions.find({ _id: { $in: groups.map((g) => versionId(g.name, g.version)) } });
    const byId = new Map(found.map((v) => [v._id, v]));
    const result = new Map<string, Stored<VersionDocument>>();
    for (const group of groups) result.set(group.name, byId.get(versionId(group.name, group.version)) ?? (await this.ensureVersion(group)));
    return result;
  }

  async listVersions(name: string): Promise<GroupVersion[]> {
    const group = await this.require(name);
    await this.ensureVersion(group);
    return (await this.versions.find({ group: name }, { sort: { version: 1 } })).map(toGroupVersion);
  }

  async getVersion(name: string, version: number | 'current'): Promise<GroupVersion> {
    return toGroupVersion(await this.requireVersion(name, version));
  }

  async requireVersion(name: string, version: number | 'current' | undefined): Promise<Stored<VersionDocument>> {
    const group = await this.require(name);
    if (version === undefined || version === 'current' || version === group.version) return this.ensureVersion(group);
    const stored = version < group.version ? await this.versions.get(versionId(name, version)) : null;
    if (!stored)
      throw new NotFoundError(`feature group ${name} has no version ${version} (its current version is ${group.version})`, {
        group: name,
        version
      });
    return stored;
  }

  versionCollection(): Collection<VersionDocument> {
    return this.versions;
  }

  /**
   * The group's current version document, made from the group document when it does not exist yet
   * (first time, or a process that stopped between the two writes).
   */
  async ensureVersion(group: Stored<GroupDocument>): Promise<Stored<VersionDocument>> {
    const id = versionId(group.name, group.version);
    const existing = await this.versions.get(id);
    if (existing) return existing;
    try {
      return await this.versions.insert({
        _id: id,
        group: group.name,
        version: group.version,
        entity: group.entity,
        joinKeys: group.joinKeys,
        eventTime: group.eventTime,
        features: group.features.map(({ name, type }) => ({ name, type })),
        changes: group.versionChanges,
        createdAt: group.versionCreatedAt,
        createdBy: group.versionCreatedBy,
        freshness: EMPTY_FRESHNESS,
        stats: {},
        statsComputedAt: null,
        summarizedIngestions: 0
      });
    } catch (err) {
      // Another request made it meanwhile.
      if (err instanceof DuplicateKeyError) return (await this.versions.get(id))!;
      throw err;
    }
  }
}

/** Join keys, the event time and the features share one row: their names must differ. */
function checkColumns(joinKeys: ColumnSpec[], eventTime: string, features: FeatureDefinition[]): void {
  const keyNames = new Set(joinKeys.map((k) => k.name));
  if (keyNames.has(eventTime))
    throw new BadRequestError(`eventTime: ${eventTime} is a join key of the entity; name the event-time column differently`, {
      field: 'eventTime'
    });
  features.forEach((feature, i) => {
    if (keyNames.has(feature.name) || feature.name === eventTime) {
      throw new BadRequestError(`features[${i}].name: ${feature.name} is already the name of a join key or the event time`, {
        field: `features[${i}].name`
      });
    }
  });
}

function toFeatureDocument(feature: FeatureDefinition): FeatureDocument {
  return { name: feature.name, type: feature.type, description: feature.description ?? '', tags: feature.tags ?? [] };
}

export function toGroup(stored: Stored<GroupDocument>, version: VersionDocument): Group {
  return {
    name: stored.name,
    entity: stored.entity,
    joinKeys: stored.joinKeys,
    eventTime: stored.eventTime,
    features: stored.features,
    description: stored.description,
    owner: stored.owner,
    tags: stored.tags,
    online: stored.online,
    version: stored.version,
    revision: stored._rev,
    freshness: version.freshness,
    createdAt: stored.createdAt,
    createdBy: stored.createdBy,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy
  };
}

function toGroupVersion(stored: Stored<VersionDocument>): GroupVersion {
  return {
    group: stored.group,
    version: stored.version,
    entity: stored.entity,
    joinKeys: stored.joinKeys,
    eventTime: stored.eventTime,
    features: stored.features,
    createdAt: stored.createdAt,
    createdBy: stored.createdBy,
    changes: stored.changes,
    freshness: stored.freshness,
    stats: stored.stats,
    statsComputedAt: stored.statsComputedAt
  };
}
