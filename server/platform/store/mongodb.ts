/**
 * The MongoDB document store on the official driver. `_id` is the document's string id and
 * `_rev` lives in the document; an update or delete names {_id, _rev: expected}, so a stale
 * writer matches nothing and is told so, never overwriting. Single-document operations are atomic
 * in MongoDB and need no transactions; groups of writes (writeTogether) use a transaction where the
 * server has them and an outbox where it has not (FerretDB 1.x, a standalone server): see
 * mongodb-groups.ts. The outbox is completed when the store is opened.
 *
 * FerretDB 1.24 (the MongoDB-wire server the tests use) differs in ways this adapter absorbs:
 * - its update, findAndModify and delete first query, then write by _id, so two writers can both
 *   match {_id, _rev: 1}. Writes to one document are therefore also serialised within this
 *   process (KeyedLock); across processes only a real MongoDB refuses the second writer.
 * - it names no index in an insert's duplicate-key error and reports a unique clash on update as
 *   an InternalError carrying SQLite's message; both become DuplicateKeyError here.
 * - it has no partial indexes; its unique indexes already ignore documents lacking a field.
 * Unique indexes ignore documents that lack any of their fields (MongoDB: a partial index on
 * $exists), as the SQLite adapter does; null is a value and clashes.
 */
import { randomUUID } from 'node:crypto';
import { MongoClient, MongoServerError, type ClientSession, type Collection as MongoCollection, type Db, type UpdateFilter } from 'mongodb';
import { BadRequestError, DuplicateKeyError, NotFoundError, StaleRevisionError } from '../errors';
import { prepareChanges, prepareInsert } from './documents';
import { prepareGroup } from './group-writes';
import { KeyedLock } from './keyed-lock';
import { Outbox, withoutMarker, writeInTransaction, type GroupTarget, type MongoDoc } from './mongodb-groups';
import { mongoQuery, mongoSort } from './mongodb-query';
import { assertCollectionName, assertDocumentId, assertFieldPath, assertRevision } from './names';
import type { Collection, DocumentStore, Filter, FindOptions, GroupWrite, IndexSpec, Stored } from './port';
import { parseFilter, parsePage } from './query';

interface ServerTraits {
  /** FerretDB answers buildInfo with a ferretdbVersion. */
  ferretdb: boolean;
  /** Multi-document transactions: only replica sets and sharded clusters have them (FerretDB 1.x has none). */
  transactions: boolean;
}

const DUPLICATE_KEY = 11000;
const CONNECT_TIMEOUT_MS = 10_000;
/** Shared by every store in the process, so two connections to one database still take turns. */
const documentLocks = new KeyedLock();

export async function openMongoStore(url: string, dbName: string): Promise<DocumentStore> {
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(dbName)) {
    throw new BadRequestError(`invalid MongoDB database name ${JSON.stringify(dbName)}: use letters, digits, _ or - (at most 63)`);
  }
  const client = new MongoClient(url, { serverSelectionTimeoutMS: CONNECT_TIMEOUT_MS });
  let traits: ServerTraits;
  try {
    await client.connect();
    const info = await client.db(dbName).admin().command({ buildInfo: 1 });
    const hello = await client.db(dbName).admin().command({ hello: 1 });
    const ferretdb = typeof info.ferretdbVersion === 'string';
    traits = { ferretdb, transactions: !ferretdb && (typeof hello.setName === 'string' || hello.msg === 'isdbgrid') };
  } catch (err) {
    await client.close().catch(() => undefined);
    throw new Error(`could not reach MongoDB at ${redact(url)}: ${(err as Error).message}`, { cause: err });
  }
  const store = new MongoStore(client, client.db(dbName), traits);
  // Before any domain code writes: a group a crash cut short is completed (or dropped) first.
  for (const problem of await store.recoverGroups()) process.emitWarning(problem, 'MlportalStoreRecovery');
  return store;
}

/** Connection strings may carry a password: never print it. */
function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

class MongoStore implements DocumentStore {
  readonly kind = 'mongodb' as const;
  private readonly collections = new Map<string, MongoStoreCollection<object>>();
  private readonly outbox: Outbox;

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly traits: ServerTraits
  ) {
    this.outbox = new Outbox(db, documentLocks);
  }

  async writeTogether(writes: readonly GroupWrite[]): Promise<Array<Stored<object> | null>> {
    const prepared = prepareGroup(writes);
    const targets = prepared.map((write) => this.target(write.collection));
    return this.traits.transactions ? writeInTransaction(this.client, prepared, targets) : this.outbox.write(prepared, targets);
  }

  recoverGroups(): Promise<string[]> {
    return this.outbox.recover((name) => this.target(name));
  }

  private target(name: string): GroupTarget {
    return this.collection<object>(name) as unknown as MongoStoreCollection<object>;
  }

  collection<T extends object>(name: string): Collection<T> {
    assertCollectionName(name);
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new MongoStoreCollection<object>(name, this.db.collection<MongoDoc>(name), this.db.databaseName, this.traits);
      this.collections.set(name, collection);
    }
    return collection as unknown as Collection<T>;
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

class MongoStoreCollection<T extends object> implements Collection<T>, GroupTarget {
  constructor(
    readonly name: string,
    readonly docs: MongoCollection<MongoDoc>,
    private readonly dbName: string,
    private readonly traits: ServerTraits
  ) {}

  async ensureIndex(spec: IndexSpec): Promise<void> {
    const fields = spec?.fields;
    if (!Array.isArray(fields) || fields.length === 0) {
      throw new BadRequestError(`${this.name}: an index needs at least one field`, undefined, 'invalid_index');
    }
    for (const field of fields) assertFieldPath(field, `${this.name} index`);
    const unique = spec.unique === true;
    const keys = Object.fromEntries(fields.map((f) => [f, 1 as const]));
    // Named like the SQLite indexes: FerretDB's clash messages carry the name, and so the fields.
    const name = `${unique ? 'ux' : 'ix'}:${fields.join(',')}`;
    const partial =
      unique && !this.traits.ferretdb ? { partialFilterExpression: Object.fromEntries(fields.map((f) => [f, { $exists: true }])) } : {};
    await this.guard(undefined, () => this.docs.createIndex(keys, { name, unique, ...partial }));
  }

  async insert(doc: T & { _id?: string }): Promise<Stored<T>> {
    const { id, body } = prepareInsert(doc, this.name, randomUUID);
    const stored: MongoDoc = { _id: id, _rev: 1, ...body };
    await this.guard(stored, () => this.docs.insertOne({ ...stored }));
    return stored as unknown as Stored<T>;
  }

  async insertMany(docs: Array<T & { _id?: string }>): Promise<Stored<T>[]> {
    const stored: MongoDoc[] = docs.map((doc) => {
      const { id, body } = prepareInsert(doc, this.name, randomUUID);
      return { _id: id, _rev: 1, ...body };
    });
    if (stored.length === 0) return [];
    await this.guard(undefined, () =>
      this.docs.insertMany(
        stored.map((doc) => ({ ...doc })),
        { ordered: true }
      )
    );
    return stored as unknown as Stored<T>[];
  }

  async get(id: string): Promise<Stored<T> | null> {
    assertDocumentId(id, this.name);
    return withoutMarker(await this.docs.findOne({ _id: id })) as Stored<T> | null;
  }

  async findOne(filter: Filter): Promise<Stored<T> | null> {
    const [first] = await this.find(filter, { limit: 1 });
    return first ?? null;
  }

  async find(filter?: Filter, options?: FindOptions): Promise<Stored<T>[]> {
    const query = mongoQuery(parseFilter(filter, this.name));
    const page = parsePage(options, this.name);
    if (page.limit === 0) return [];
    const cursor = this.docs.find(query, { sort: mongoSort(page), skip: page.skip, limit: page.limit });
    return (await cursor.toArray()).map(withoutMarker) as unknown as Stored<T>[];
  }

  async count(filter?: Filter): Promise<number> {
    return this.docs.countDocuments(mongoQuery(parseFilter(filter, this.name)));
  }

  async update(id: string, expectedRev: number, changes: Partial<T>): Promise<Stored<T>> {
    assertDocumentId(id, this.name);
    assertRevision(expectedRev, this.name);
    const { set, unset } = prepareChanges(id, changes, this.name);
    const update: UpdateFilter<MongoDoc> = { $set: { ...set, _rev: expectedRev + 1 } };
    if (unset.length > 0) update.$unset = Object.fromEntries(unset.map((key) => [key, '']));
    return this.writeLocked(id, async () => {
      const updated = await this.guard(undefined, () =>
        this.docs.findOneAndUpdate({ _id: id, _rev: expectedRev }, update, { returnDocument: 'after' })
      );
      if (!updated) throw await this.whyNoMatch(id, expectedRev);
      return withoutMarker(updated) as unknown as Stored<T>;
    });
  }

  async delete(id: string, expectedRev: number): Promise<void> {
    assertDocumentId(id, this.name);
    assertRevision(expectedRev, this.name);
    await this.writeLocked(id, async () => {
      const result = await this.docs.deleteOne({ _id: id, _rev: expectedRev });
      if (result.deletedCount === 0) throw await this.whyNoMatch(id, expectedRev);
    });
  }

  private writeLocked<R>(id: string, write: () => Promise<R>): Promise<R> {
    return documentLocks.run(this.lockKey(id), write);
  }

  lockKey(id: string): string {
    return `${this.dbName}\u0000${this.name}\u0000${id}`;
  }

  /** {_id, _rev} matched nothing: either the document is gone or somebody else wrote it first. */
  async whyNoMatch(id: string, expectedRev: number, session?: ClientSession): Promise<Error> {
    const current = await this.docs.findOne({ _id: id }, { projection: { _rev: 1 }, session });
    if (!current) return new NotFoundError(`${this.name}/${id} does not exist`, { collection: this.name, id });
    return new StaleRevisionError(this.name, id, expectedRev, current._rev);
  }

  /** Runs a write, turning a duplicate-key refusal (in MongoDB's or FerretDB's words) into DuplicateKeyError. */
  async guard<R>(inserted: MongoDoc | undefined, write: () => Promise<R>): Promise<R> {
    try {
      return await write();
    } catch (err) {
      if (!(err instanceof MongoServerError)) throw err;
      const keyPattern = (err as { keyPattern?: Record<string, unknown> }).keyPattern;
      const sqliteClash = /UNIQUE constraint failed: index '[^']*?[ui]x:([^']+)'/.exec(err.message);
      if (sqliteClash) throw new DuplicateKeyError(this.name, sqliteClash[1].split(','), { cause: err.message });
      if (err.code !== DUPLICATE_KEY) throw err;
      const fields = keyPattern && Object.keys(keyPattern).length > 0 ? Object.keys(keyPattern) : await this.clashingFields(inserted);
      throw new DuplicateKeyError(this.name, fields, { cause: err.message });
    }
  }

  /** FerretDB's E11000 on insert names no index: find the unique index another document shares values on. */
  private async clashingFields(inserted: MongoDoc | undefined): Promise<string[]> {
    if (!inserted) return ['key'];
    if (await this.docs.findOne({ _id: inserted._id }, { projection: { _id: 1 } })) return ['_id'];
    for (const index of await this.docs.listIndexes().toArray()) {
      if (!index.unique) continue;
      const fields = Object.keys(index.key as Record<string, unknown>);
      const values = fields.map((field) => valueAt(inserted, field));
      if (values.some((v) => v === undefined)) continue;
      const sameValues = Object.fromEntries(fields.map((field, i) => [field, values[i]]));
      if (await this.docs.findOne({ ...sameValues, _id: { $ne: inserted._id } }, { projection: { _id: 1 } })) return fields;
    }
    return ['key'];
  }
}

function valueAt(doc: Record<string, unknown>, path: string): unknown {
  let value: unknown = doc;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}
