/** Entities: the things features describe, named by their join keys (an airport, a route). */
import { ConflictError, DuplicateKeyError, NotFoundError } from '../../platform/errors';
import type { Principal } from '../../platform/principal';
import type { Collection, DocumentStore, Stored } from '../../platform/store/port';
import { COLLECTIONS, type EntityDocument } from '../documents';
import type { CreateEntityRequest, Entity, UpdateEntityRequest } from '@mlportal/contract';

/** Who acts, as the feature store records it: the acting user's token id and name (routes pass context.principal). */
export type Actor = Pick<Principal, 'tokenId' | 'name'>;

export class EntityCatalog {
  private readonly entities: Collection<EntityDocument>;

  constructor(
    store: DocumentStore,
    private readonly now: () => Date
  ) {
    this.entities = store.collection<EntityDocument>(COLLECTIONS.entities);
  }

  async prepare(): Promise<void> {
    await this.entities.ensureIndex({ fields: ['name'], unique: true });
  }

  async create(request: CreateEntityRequest, actor: Actor): Promise<Entity> {
    const at = this.now().toISOString();
    try {
      const stored = await this.entities.insert({
        _id: request.name,
        name: request.name,
        joinKeys: request.joinKeys.map(({ name, type }) => ({ name, type })),
        description: request.description ?? '',
        owner: request.owner ?? actor.name,
        createdAt: at,
        createdBy: actor.tokenId,
        updatedAt: at
      });
      return toEntity(stored);
    } catch (err) {
      if (err instanceof DuplicateKeyError)
        throw new ConflictError(`an entity named ${request.name} already exists`, 'entity_exists', { name: request.name });
      throw err;
    }
  }

  async get(name: string): Promise<Entity> {
    return toEntity(await this.require(name));
  }

  async require(name: string): Promise<Stored<EntityDocument>> {
    const stored = await this.entities.get(name);
    if (!stored) throw new NotFoundError(`no entity named ${name}`, { entity: name });
    return stored;
  }

  async list(): Promise<Entity[]> {
    return (await this.entities.find({}, { sort: { name: 1 } })).map(toEntity);
  }

  async update(name: string, request: UpdateEntityRequest): Promise<Entity> {
    const stored = await this.require(name);
    const updated = await this.entities.update(stored._id, request.expectedRevision, {
      ...(request.description !== undefined ? { description: request.description } : {}),
      ...(request.owner !== undefined ? { owner: request.owner } : {}),
      updatedAt: this.now().toISOString()
    });
    return toEntity(updated);
  }
}

function toEntity(stored: Stored<EntityDocument>): Entity {
  return {
    name: stored.name,
    joinKeys: stored.joinKeys,
    description: stored.description,
    owner: stored.owner,
    revision: stored._rev,
    createdAt: stored.createdAt,
    createdBy: stored.createdBy,
    updatedAt: stored.updatedAt
  };
}
