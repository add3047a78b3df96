/**
 * The document-store port: the one narrow interface domain code uses to keep documents.
 * Two adapters implement it (sqlite.ts: better-sqlite3, the embedded default; mongodb.ts:
 * the official driver). One contract suite (contract.test.ts) runs against both.
 *
 * Every stored document has a string `_id` and an integer `_rev` that starts at 1 and grows by
 * one on every update: updates and deletes name the revision they read, and a stale one is
 * refused with StaleRevisionError (nothing written), so concurrent writers never lose each
 * other's changes unseen.
 *
 * Documents are plain JSON (strings, finite numbers, booleans, null, arrays, plain objects);
 * keys may not be empty, contain "." or start with "$". Anything else is refused with
 * BadRequestError naming the field, so both adapters keep exactly the same values.
 */
export type StoreKind = 'sqlite' | 'mongodb';

export type Scalar = string | number | boolean | null;

export interface StoredMeta {
  _id: string;
  _rev: number;
}

export type Stored<T> = T & StoredMeta;

/** Comparison operators the port supports on one field (a dot path into the document). */
export interface FieldCondition {
  $eq?: Scalar;
  $ne?: Scalar;
  $gt?: number | string;
  $gte?: number | string;
  $lt?: number | string;
  $lte?: number | string;
  $in?: Scalar[];
  $exists?: boolean;
}

/**
 * Field (dot path of identifiers) → value (equality) or conditions; all fields must match (AND).
 * Values compare as in MongoDB: only within one kind (1 is neither "1" nor true; $gt: 5 matches
 * numbers only), strings by UTF-8 bytes, and null equals a missing field. Filters and sorts are
 * defined on fields holding scalars: on an array field MongoDB matches elements, SQLite does not.
 */
export type Filter = Record<string, Scalar | FieldCondition>;

export interface FindOptions {
  /**
   * Field (dot path) → 1 ascending, -1 descending; applied in key order, ties broken by `_id`
   * ascending (so pages never overlap). Across kinds: null/missing < numbers < strings < booleans.
   */
  sort?: Record<string, 1 | -1>;
  /** 0 answers no documents. */
  limit?: number;
  skip?: number;
}

export interface IndexSpec {
  /** Field dot paths, in order. */
  fields: string[];
  /**
   * Refuses two documents with equal values on all the fields (null is a value; 1 and true
   * differ). A document lacking any of the fields is not constrained. Declare a field list once:
   * MongoDB refuses the same fields as both a unique and a plain index.
   */
  unique?: boolean;
}

export interface Collection<T extends object> {
  readonly name: string;
  /** Idempotent: creates the index when missing. A unique index refuses duplicates with DuplicateKeyError. */
  ensureIndex(spec: IndexSpec): Promise<void>;
  /** Inserts with `_rev` 1; `_id` is generated when absent. Duplicate `_id` or unique key → DuplicateKeyError. */
  insert(doc: T & { _id?: string }): Promise<Stored<T>>;
  /**
   * Inserts many documents in one write (one SQLite transaction, one MongoDB insertMany), for logs
   * appended in batches. A duplicate → DuplicateKeyError; which of the others were kept then is
   * not defined (SQLite keeps none, MongoDB those before it), so use it where ids cannot clash.
   */
  insertMany(docs: Array<T & { _id?: string }>): Promise<Stored<T>[]>;
  get(id: string): Promise<Stored<T> | null>;
  findOne(filter: Filter): Promise<Stored<T> | null>;
  find(filter?: Filter, options?: FindOptions): Promise<Stored<T>[]>;
  count(filter?: Filter): Promise<number>;
  /**
   * Sets the given top-level fields (others kept) when the stored revision equals `expectedRev`,
   * and returns the document with `_rev` + 1. Missing document → NotFoundError; other revision →
   * StaleRevisionError; unique index clash → DuplicateKeyError. Fields set to undefined are removed.
   */
  update(id: string, expectedRev: number, changes: Partial<T>): Promise<Stored<T>>;
  /** Deletes when the stored revision equals `expectedRev`. Missing → NotFoundError; other revision → StaleRevisionError. */
  delete(id: string, expectedRev: number): Promise<void>;
}

/**
 * One write of a group (see DocumentStore.writeTogether), with the same rules as the single-document
 * methods. An insert names its `_id`, so a group cut short by a crash can be completed without
 * inserting twice.
 */
export type GroupWrite =
  | { collection: string; insert: object & { _id: string } }
  | { collection: string; update: string; expectedRev: number; changes: object }
  | { collection: string; delete: string; expectedRev: number };

export interface DocumentStore {
  readonly kind: StoreKind;
  collection<T extends object>(name: string): Collection<T>;
  /**
   * Writes that belong together (a change and its audit event; labels and the aggregates they
   * feed): either all are stored or none is. A stale revision, a missing document or a duplicate
   * `_id` anywhere in the group refuses the whole group with that error, nothing written. Answers
   * per write the stored document (insert, update) or null (delete).
   *
   * SQLite: one transaction. MongoDB: a multi-document transaction where the server has them (a
   * replica set or sharded cluster); elsewhere (a standalone server, FerretDB) an outbox: the group
   * is recorded whole first, and its first write is the commit point — refused, nothing is
   * written; done, the rest follows, and a crash in between is completed when the store is next
   * opened. So on such a server: put the write that a unique index may refuse first (the others
   * are checked for revisions and ids, not unique keys), and a reader may see the first write
   * before the rest until the group completes.
   */
  writeTogether<W extends GroupWrite>(writes: readonly W[]): Promise<Array<Stored<object> | null>>;
  /** Cheap round trip to the backing database; throws when it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
