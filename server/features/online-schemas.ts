/**
 * Which schema each feature reference of an online lookup reads values with. Lookups are hot and
 * name the same few groups again and again, so the group documents are kept per process and
 * checked on every use against the store: a count of { _id, _rev, createdAt } reads no document,
 * and the lookup runs it alongside the value read (on MongoDB, one round trip instead of two).
 * A group edited by this process or another is therefore never served from an old schema, and a
 * group deleted and made again (revision 1 again) differs by createdAt. An older version's schema
 * never changes (see documents.ts), so it is kept as read.
 */
import { BadRequestError, ConflictError, NotFoundError } from '../platform/errors';
import type { Stored } from '../platform/store/port';
import type { GroupCatalog } from './catalog/groups';
import { versionId, type GroupDocument } from './documents';
import type { OnlineSchema } from './online-store';
import type { FeatureReference } from './references';

export type IndexedReference = FeatureReference & { index: number };

export interface ResolvedSchemas {
  /** By selector ("group" or "group@v2"), as the references name them. */
  bySelector: Map<string, OnlineSchema>;
  /** Each group version once, in first-mention order. */
  order: OnlineSchema[];
  /** The group documents they came from, to check that they are still current. */
  groups: Stored<GroupDocument>[];
}

export function selectorKey(ref: FeatureReference): string {
  return ref.version === undefined ? ref.group : `${ref.group}@v${ref.version}`;
}

/** An older version the cache has not read yet: resolve from the store instead. */
class NotCached extends Error {}

export class OnlineSchemas {
  private readonly groupDocs = new Map<string, Stored<GroupDocument>>();
  /** By versionId: schemas of versions older than their group's current one. */
  private readonly olderVersions = new Map<string, OnlineSchema>();

  constructor(private readonly groups: GroupCatalog) {}

  /**
   * From cached documents only; undefined when a group is not cached yet or the references do not
   * resolve against the cache (resolve() then reads the store and says what is wrong).
   */
  async cached(refs: IndexedReference[]): Promise<ResolvedSchemas | undefined> {
    const docs = new Map<string, Stored<GroupDocument>>();
    for (const ref of refs) {
      const doc = this.groupDocs.get(ref.group);
      if (!doc) return undefined;
      docs.set(ref.group, doc);
    }
    try {
      return await this.resolveWith(docs, refs, async (group, version) => {
        const schema = this.olderVersions.get(versionId(group, version));
        if (!schema) throw new NotCached();
        return schema;
      });
    } catch {
      return undefined;
    }
  }

  /** Whether every group document `resolved` came from is still the stored one. */
  async isCurrent(resolved: ResolvedSchemas): Promise<boolean> {
    const current = await Promise.all(resolved.groups.map((doc) => this.groups.isCurrent(doc)));
    return current.every(Boolean);
  }

  /** From the store (refreshing the cache); NotFound, Conflict or BadRequest naming the reference at fault. */
  async resolve(refs: IndexedReference[]): Promise<ResolvedSchemas> {
    const docs = await this.groups.findMany(refs.map((r) => r.group));
    for (const ref of refs) {
      const doc = docs.get(ref.group);
      if (doc) this.groupDocs.set(ref.group, doc);
      else this.groupDocs.delete(ref.group);
    }
    return this.resolveWith(docs, refs, async (group, version) => {
      const stored = await this.groups.requireVersion(group, version);
      const schema = toSchema(group, stored);
      this.olderVersions.set(versionId(group, version), schema);
      return schema;
    });
  }

  private async resolveWith(
    docs: Map<string, Stored<GroupDocument>>,
    refs: IndexedReference[],
    olderVersion: (group: string, version: number) => Promise<OnlineSchema>
  ): Promise<ResolvedSchemas> {
    const bySelector = new Map<string, OnlineSchema>();
    const order = new Map<string, OnlineSchema>();
    for (const ref of refs) {
      const key = selectorKey(ref);
      let schema = bySelector.get(key);
      if (!schema) {
        const group = docs.get(ref.group);
        if (!group)
          throw new NotFoundError(`features[${ref.index}]: no feature group named ${ref.group}`, { field: `features[${ref.index}]` });
        if (!group.online) {
          throw new ConflictError(
            `features[${ref.index}]: feature group ${ref.group} is not kept online (its definition says "online": false)`,
            'not_online',
            {
              field: `features[${ref.index}]`
            }
          );
        }
        schema =
          ref.version !== undefined && ref.version !== group.version
            ? await olderVersion(group.name, ref.version)
            : toSchema(group.name, group);
        bySelector.set(key, schema);
        const id = versionId(schema.group, schema.version);
        if (!order.has(id)) order.set(id, schema);
      }
      if (!schema.features.some((f) => f.name === ref.feature)) {
        throw new BadRequestError(
          `features[${ref.index}]: feature group ${ref.group} (version ${schema.version}) has no feature ${ref.feature}`,
          {
            field: `features[${ref.index}]`
          }
        );
      }
    }
    return { bySelector, order: [...order.values()], groups: [...new Set(refs.map((r) => docs.get(r.group)!))] };
  }
}

function toSchema(group: string, source: Omit<OnlineSchema, 'group'>): OnlineSchema {
  return { group, version: source.version, joinKeys: source.joinKeys, eventTime: source.eventTime, features: source.features };
}
