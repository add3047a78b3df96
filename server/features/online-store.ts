/**
 * The online store: the latest feature values per entity, one document per entity and group
 * version in the active document store (see online-keys.ts for the ids). Writes keep a document
 * only when its event time is newer than the stored one, so ingestions in any order, a
 * re-materialisation or a replay after a crash all converge on the latest values.
 */
import { DuplicateKeyError, StaleRevisionError } from '../platform/errors';
import type { Collection, DocumentStore, Stored } from '../platform/store/port';
import { COLLECTIONS, type ColumnSpec, type OnlineDocument } from './documents';
import { canonicalKey, canonicalTime, onlineId, type KeyValue } from './online-keys';

export interface OnlineSchema {
  group: string;
  version: number;
  joinKeys: ColumnSpec[];
  eventTime: string;
  features: ColumnSpec[];
}

type OnlineValue = string | number | boolean | null;

/** Ids a single `find` asks for at most, so that SQL statements stay a sensible size. */
const FIND_CHUNK = 500;
/** A write losing to a concurrent writer of the same entity rereads and tries again this often. */
const WRITE_ATTEMPTS = 5;

export class OnlineStore {
  private readonly docs: Collection<OnlineDocument>;

  constructor(store: DocumentStore) {
    this.docs = store.collection<OnlineDocument>(COLLECTIONS.online);
  }

  /** Keeps each row whose event time is newer than what is stored; answers how many entities changed. */
  async upsertLatest(schema: OnlineSchema, rows: Record<string, unknown>[]): Promise<number> {
    const candidates = new Map<string, OnlineDocument>();
    rows.forEach((row, i) => {
      const doc = toOnlineDocument(schema, row, i);
      const id = onlineId(schema.group, schema.version, doc.key);
      const seen = candidates.get(id);
      if (!seen || seen.eventTime < doc.eventTime) candidates.set(id, doc);
    });
    const ids = [...candidates.keys()];
    const stored = await this.findByIds(ids);
    let updated = 0;
    for (const id of ids) {
      if (await this.write(id, candidates.get(id)!, stored.get(id))) updated++;
    }
    return updated;
  }

  /**
   * Values for each entity row in order: per group (in `groups` order) the stored document or
   * null. One `find` for every id.
   */
  async lookup(groups: OnlineSchema[], entities: Record<string, unknown>[]): Promise<Array<Array<Stored<OnlineDocument> | null>>> {
    const ids = entities.map((row, i) => groups.map((g) => onlineId(g.group, g.version, canonicalKey(row, g.joinKeys, `entities[${i}]`))));
    const found = await this.findByIds([...new Set(ids.flat())]);
    return ids.map((row) => row.map((id) => found.get(id) ?? null));
  }

  private async findByIds(ids: string[]): Promise<Map<string, Stored<OnlineDocument>>> {
    const found = new Map<string, Stored<OnlineDocument>>();
    for (let start = 0; start < ids.length; start += FIND_CHUNK) {
      for (const doc of await this.docs.find({ _id: { $in: ids.slice(start, start + FIND_CHUNK) } })) found.set(doc._id, doc);
    }
    return found;
  }

  private async write(id: string, doc: OnlineDocument, stored: Stored<OnlineDocument> | undefined | null): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      if (stored && stored.eventTime >= doc.eventTime) return false;
      try {
        if (stored) await this.docs.update(id, stored._rev, { eventTime: doc.eventTime, values: doc.values });
        else await this.docs.insert({ _id: id, ...doc });
        return true;
      } catch (err) {
        if (!(err instanceof StaleRevisionError || err instanceof DuplicateKeyError) || attempt >= WRITE_ATTEMPTS) throw err;
        stored = await this.docs.get(id);
      }
    }
  }
}

function toOnlineDocument(schema: OnlineSchema, row: Record<string, unknown>, index: number): OnlineDocument {
  const key: KeyValue[] = canonicalKey(row, schema.joinKeys, `row ${index + 1}`);
  const eventTime = canonicalTime(row[schema.eventTime]);
  if (eventTime === null) throw new Error(`row ${index + 1} for the online store has no event time ${schema.eventTime}`);
  const values = schema.features.map((feature) => toOnlineValue(row[feature.name], feature));
  return { group: schema.group, version: schema.version, key, eventTime, values };
}

function toOnlineValue(value: unknown, column: ColumnSpec): OnlineValue {
  if (value === null || value === undefined) return null;
  if (column.type === 'timestamp') return canonicalTime(value);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value as OnlineValue;
}
