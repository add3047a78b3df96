/**
 * The embedded document store on better-sqlite3: one table per collection
 * (id TEXT PRIMARY KEY, rev INTEGER, doc TEXT holding the JSON body without _id/_rev).
 * WAL with synchronous=FULL makes every committed write durable, and every write is one
 * statement or one transaction, so a killed process leaves each document either before or
 * after a write, never between. How filters compare values: see sqlite-sql.ts.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BadRequestError, DuplicateKeyError, NotFoundError, StaleRevisionError } from '../errors';
import { prepareChanges, prepareInsert, type JsonObject } from './documents';
import { groupWriteProbe, prepareGroup } from './group-writes';
import { assertCollectionName, assertDocumentId, assertFieldPath, assertRevision } from './names';
import type { Collection, DocumentStore, Filter, FindOptions, GroupWrite, IndexSpec, Stored } from './port';
import { parseFilter, parsePage } from './query';
import { indexColumnsSql, limitSql, orderSql, quoteIdent, whereSql } from './sqlite-sql';

/** A selected (id, rev, doc), as an array: no object per row to build and throw away (100 rows a batch read). */
type Row = [id: string, rev: number, doc: string];

/** Distinct statement shapes are few (values are bound; an _id list is one JSON value), but $in lists on other fields make one per length. */
const STATEMENT_CACHE_LIMIT = 500;

export function openSqliteStore(file: string): DocumentStore {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return new SqliteStore(db);
}

class SqliteStore implements DocumentStore {
  readonly kind = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly collections = new Map<string, SqliteCollection<object>>();
  private closed = false;

  constructor(private readonly db: Database.Database) {}

  collection<T extends object>(name: string): Collection<T> {
    this.assertOpen();
    assertCollectionName(name);
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new SqliteCollection<object>(name, this);
      this.db.exec(
        `CREATE TABLE IF NOT EXISTS ${collection.table} (id TEXT PRIMARY KEY NOT NULL, rev INTEGER NOT NULL, doc TEXT NOT NULL)`
      );
      this.collections.set(name, collection);
    }
    return collection as unknown as Collection<T>;
  }

  /** One transaction: a refused write (or a crash) anywhere in the group leaves none of it. */
  async writeTogether(writes: readonly GroupWrite[]): Promise<Array<Stored<object> | null>> {
    const prepared = prepareGroup(writes);
    const targets = prepared.map((write) => this.collection<object>(write.collection) as unknown as SqliteCollection<object>);
    return this.transaction(() =>
      prepared.map((write, index) => {
        const target = targets[index];
        const result =
          write.kind === 'insert'
            ? target.insertRow(write.id, write.body)
            : write.kind === 'update'
              ? target.updateRow(write.id, write.expectedRev, write.set, write.unset)
              : (target.deleteRow(write.id, write.expectedRev), null);
        groupWriteProbe.afterWrite?.(index, prepared.length);
        return result;
      })
    );
  }

  async ping(): Promise<void> {
    this.statement('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    this.db.close();
  }

  statement(sql: string): Database.Statement {
    return this.prepared(sql, sql, false);
  }

  /** A SELECT of id, rev, doc whose rows come back as Row arrays. */
  rowQuery(sql: string): Database.Statement<unknown[], Row> {
    return this.prepared(`rows:${sql}`, sql, true) as Database.Statement<unknown[], Row>;
  }

  private prepared(key: string, sql: string, raw: boolean): Database.Statement {
    this.assertOpen();
    let stmt = this.statements.get(key);
    if (!stmt) {
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) this.statements.clear();
      stmt = this.db.prepare(sql);
      if (raw) stmt.raw(true);
      this.statements.set(key, stmt);
    }
    return stmt;
  }

  /** BEGIN IMMEDIATE: the write lock is taken up front, so a read-then-write never loses a race to another process. */
  transaction<R>(fn: () => R): R {
    this.assertOpen();
    return this.db.transaction(fn).immediate();
  }

  exec(sql: string): void {
    this.assertOpen();
    this.db.exec(sql);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the SQLite document store is closed');
  }
}

class SqliteCollection<T extends object> implements Collection<T> {
  readonly table: string;

  constructor(
    readonly name: string,
    private readonly store: SqliteStore
  ) {
    this.table = quoteIdent(`doc_${name}`);
  }

  async ensureIndex(spec: IndexSpec): Promise<void> {
    const fields = checkIndexFields(spec, this.name);
    const columns = (unique: boolean) => indexColumnsSql(fields, unique);
    const indexName = (prefix: string) => quoteIdent(`${prefix}:${this.name}:${fields.join(',')}`);
    this.guard(() => {
      if (spec.unique) {
        this.store.exec(`CREATE UNIQUE INDEX IF NOT EXISTS ${indexName('ux')} ON ${this.table} (${columns(true)})`);
      }
      // Also for unique indexes: filters and sorts match json_extract(...), not the unique index's (kind, value) key.
      this.store.exec(`CREATE INDEX IF NOT EXISTS ${indexName('ix')} ON ${this.table} (${columns(false)})`);
    });
  }

  async insert(doc: T & { _id?: string }): Promise<Stored<T>> {
    const { id, body } = prepareInsert(doc, this.name, randomUUID);
    return this.insertRow(id, body);
  }

  /** The write itself, synchronous so a group can run it inside its transaction. */
  insertRow(id: string, body: JsonObject): Stored<T> {
    this.guard(() => this.store.statement(`INSERT INTO ${this.table} (id, rev, doc) VALUES (?, 1, ?)`).run(id, JSON.stringify(body)));
    return toStored<T>(id, 1, body);
  }

  async insertMany(docs: Array<T & { _id?: string }>): Promise<Stored<T>[]> {
    const prepared = docs.map((doc) => prepareInsert(doc, this.name, randomUUID));
    if (prepared.length === 0) return [];
    this.guard(() =>
      this.store.transaction(() => {
        const statement = this.store.statement(`INSERT INTO ${this.table} (id, rev, doc) VALUES (?, 1, ?)`);
        for (const { id, body } of prepared) statement.run(id, JSON.stringify(body));
      })
    );
    return prepared.map(({ id, body }) => toStored<T>(id, 1, body));
  }

  async get(id: string): Promise<Stored<T> | null> {
    assertDocumentId(id, this.name);
    const row = this.store.rowQuery(`SELECT id, rev, doc FROM ${this.table} WHERE id = ?`).get(id);
    return row ? fromRow<T>(row) : null;
  }

  async findOne(filter: Filter): Promise<Stored<T> | null> {
    const [first] = await this.find(filter, { limit: 1 });
    return first ?? null;
  }

  async find(filter?: Filter, options?: FindOptions): Promise<Stored<T>[]> {
    const conditions = parseFilter(filter, this.name);
    const where = whereSql(conditions);
    const page = parsePage(options, this.name);
    if (page.limit === 0) return [];
    const limit = limitSql(page);
    const sql = `SELECT id, rev, doc FROM ${this.table} WHERE ${where.text} ORDER BY ${orderSql(page, conditions)}${limit.text}`;
    return this.store
      .rowQuery(sql)
      .all(...where.params, ...limit.params)
      .map((row) => fromRow<T>(row));
  }

  async count(filter?: Filter): Promise<number> {
    const where = whereSql(parseFilter(filter, this.name));
    const row = this.store.statement(`SELECT count(*) AS n FROM ${this.table} WHERE ${where.text}`).get(...where.params) as { n: number };
    return row.n;
  }

  async update(id: string, expectedRev: number, changes: Partial<T>): Promise<Stored<T>> {
    assertDocumentId(id, this.name);
    assertRevision(expectedRev, this.name);
    const { set, unset } = prepareChanges(id, changes, this.name);
    return this.store.transaction(() => this.updateRow(id, expectedRev, set, unset));
  }

  /** Read, check the revision, write: callers run it inside a transaction, so nobody changes the row meanwhile. */
  updateRow(id: string, expectedRev: number, set: JsonObject, unset: string[]): Stored<T> {
    return this.guard(() => {
      const [, , doc] = this.currentRow(id, expectedRev);
      const body = JSON.parse(doc) as JsonObject;
      for (const key of unset) delete body[key];
      Object.assign(body, set);
      this.store
        .statement(`UPDATE ${this.table} SET rev = ?, doc = ? WHERE id = ? AND rev = ?`)
        .run(expectedRev + 1, JSON.stringify(body), id, expectedRev);
      return toStored<T>(id, expectedRev + 1, body);
    });
  }

  async delete(id: string, expectedRev: number): Promise<void> {
    assertDocumentId(id, this.name);
    assertRevision(expectedRev, this.name);
    this.store.transaction(() => this.deleteRow(id, expectedRev));
  }

  /** Inside a transaction, as updateRow. */
  deleteRow(id: string, expectedRev: number): void {
    this.currentRow(id, expectedRev);
    this.store.statement(`DELETE FROM ${this.table} WHERE id = ? AND rev = ?`).run(id, expectedRev);
  }

  /** The stored row when its revision is the expected one; inside a transaction, so nobody changes it meanwhile. */
  private currentRow(id: string, expectedRev: number): Row {
    const row = this.store.rowQuery(`SELECT id, rev, doc FROM ${this.table} WHERE id = ?`).get(id);
    if (!row) throw new NotFoundError(`${this.name}/${id} does not exist`, { collection: this.name, id });
    const [, rev] = row;
    if (rev !== expectedRev) throw new StaleRevisionError(this.name, id, expectedRev, rev);
    return row;
  }

  /** Runs a write, turning SQLite's unique-constraint failure into DuplicateKeyError. */
  private guard<R>(write: () => R): R {
    try {
      return write();
    } catch (err) {
      throw duplicateKeyError(err, this.name) ?? err;
    }
  }
}

function checkIndexFields(spec: IndexSpec, collection: string): string[] {
  const fields = spec?.fields;
  if (!Array.isArray(fields) || fields.length === 0) {
    throw new BadRequestError(`${collection}: an index needs at least one field`, undefined, 'invalid_index');
  }
  for (const field of fields) assertFieldPath(field, `${collection} index`);
  return fields;
}

function duplicateKeyError(err: unknown, collection: string): DuplicateKeyError | undefined {
  const code = (err as { code?: unknown })?.code;
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return new DuplicateKeyError(collection, ['_id']);
  if (code !== 'SQLITE_CONSTRAINT_UNIQUE') return undefined;
  // "UNIQUE constraint failed: index 'ux:<collection>:<field,field>'"; a primary key names "<table>.id".
  const message = (err as Error).message;
  const index = /index '[^:']+:[^:']+:([^']+)'/.exec(message);
  return new DuplicateKeyError(collection, index ? index[1].split(',') : ['_id'], { cause: message });
}

function fromRow<T>([id, rev, doc]: Row): Stored<T> {
  return toStored<T>(id, rev, JSON.parse(doc) as JsonObject);
}

function toStored<T>(id: string, rev: number, body: JsonObject): Stored<T> {
  return { _id: id, _rev: rev, ...body } as unknown as Stored<T>;
}
