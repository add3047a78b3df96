/**
 * DocumentStore.writeTogether on MongoDB. Where the server has multi-document transactions (a
 * replica set, a sharded cluster) a group is one transaction. Where it has none (a standalone
 * server; FerretDB 1.x answers a transaction with `unknown field "autocommit"`) a group goes
 * through an outbox:
 *
 * 1. under this process's per-document locks, every write's revision and id is checked;
 * 2. the whole group is recorded in the outbox collection (state "pending");
 * 3. the first write is made: it is the commit point. Refused (a unique index, a writer in another
 *    process), the record is removed and its error thrown: nothing of the group was written;
 * 4. the others are made, each marking its document with the group's id (GROUP_MARKER), so
 *    "was this write done?" has an answer that revisions alone cannot give;
 * 5. the record is set "applied", the marks removed, the record deleted.
 *
 * recoverGroups() runs when the store is opened: a record whose first write was done (its document
 * marked, or gone for a delete) is completed, the others are dropped (nothing of them is visible).
 * So after a crash at any point a group is either whole or absent once the store is reopened.
 */
import { randomUUID } from 'node:crypto';
import type { ClientSession, Collection as MongoCollection, Db, MongoClient, UpdateFilter } from 'mongodb';
import { DuplicateKeyError } from '../errors';
import { GROUP_MARKER } from './documents';
import { groupWriteProbe, type PreparedWrite } from './group-writes';
import type { KeyedLock } from './keyed-lock';
import type { Stored } from './port';

export type MongoDoc = { _id: string; _rev: number } & Record<string, unknown>;

/** What a group needs of one collection of the adapter. */
export interface GroupTarget {
  readonly name: string;
  readonly docs: MongoCollection<MongoDoc>;
  /** Turns a duplicate-key refusal into DuplicateKeyError (as the single-document writes do). */
  guard<R>(inserted: MongoDoc | undefined, write: () => Promise<R>): Promise<R>;
  /** Why {_id, _rev} matched nothing: NotFoundError or StaleRevisionError. */
  whyNoMatch(id: string, expectedRev: number, session?: ClientSession): Promise<Error>;
  /** The key this process's writes to the document take turns on. */
  lockKey(id: string): string;
}

type Result = Stored<object> | null;

export const OUTBOX_COLLECTION = 'mlportal_store_outbox';

interface OutboxRecord {
  _id: string;
  state: 'pending' | 'applied';
  createdAt: string;
  /** The PreparedWrite[] as JSON text: FerretDB 1.x refuses some values a document may hold (nested arrays). */
  writes: string;
}

/** The stored form without the group mark: callers never see it. */
export function withoutMarker<D extends object | null>(doc: D): D {
  if (doc && GROUP_MARKER in doc) delete (doc as Record<string, unknown>)[GROUP_MARKER];
  return doc;
}

export async function writeInTransaction(client: MongoClient, writes: PreparedWrite[], targets: GroupTarget[]): Promise<Result[]> {
  const session = client.startSession();
  try {
    let results: Result[] = [];
    // withTransaction retries the whole callback on transient errors, so results are rebuilt each try.
    await session.withTransaction(async () => {
      results = [];
      for (const [index, write] of writes.entries()) {
        results.push(await makeWrite(targets[index], write, undefined, session));
        groupWriteProbe.afterWrite?.(index, writes.length);
      }
    });
    return results;
  } finally {
    await session.endSession();
  }
}

export class Outbox {
  private readonly records: MongoCollection<OutboxRecord>;

  constructor(
    db: Db,
    private readonly locks: KeyedLock,
    private readonly now: () => Date = () => new Date()
  ) {
    this.records = db.collection<OutboxRecord>(OUTBOX_COLLECTION);
  }

  async write(writes: PreparedWrite[], targets: GroupTarget[]): Promise<Result[]> {
    if (writes.length === 0) return [];
    return this.locked(
      targets.map((target, i) => target.lockKey(writes[i].id)),
      async () => {
        await precheck(writes, targets);
        const group = `g_${randomUUID().replace(/-/g, '')}`;
        await this.records.insertOne({ _id: group, state: 'pending', createdAt: this.now().toISOString(), writes: JSON.stringify(writes) });
        const results: Result[] = [];
        try {
          results.push(await makeWrite(targets[0], writes[0], group));
        } catch (err) {
          await this.records.deleteOne({ _id: group });
          throw err;
        }
        groupWriteProbe.afterWrite?.(0, writes.length);
        // Past the commit point: what follows is completed at the next open if this process dies.
        for (let index = 1; index < writes.length;) {
          const inserted = await insertRun(writes, targets, index, group);
          results.push(...inserted);
          if (inserted.length === 0) results.push(await makeWriteOnce(targets[index], writes[index], group));
          const next = index + Math.max(1, inserted.length);
          for (; index < next; index++) groupWriteProbe.afterWrite?.(index, writes.length);
        }
        await this.finish(group, writes, targets);
        return results.map((doc) => withoutMarker(doc));
      }
    );
  }

  /** Completes or drops what a crash left in the outbox; answers what could not be completed. */
  async recover(targetOf: (collection: string) => GroupTarget): Promise<string[]> {
    const problems: string[] = [];
    for (const record of await this.records.find({}, { sort: { createdAt: 1 } }).toArray()) {
      const writes = JSON.parse(record.writes) as PreparedWrite[];
      const targets = writes.map((write) => targetOf(write.collection));
      await this.locked(
        targets.map((target, i) => target.lockKey(writes[i].id)),
        async () => {
          if (record.state === 'pending') {
            if (!(await committed(targets[0], writes[0], record._id))) {
              await this.records.deleteOne({ _id: record._id });
              return;
            }
            for (let index = 1; index < writes.length; index++) {
              const write = writes[index];
              try {
                await makeWriteOnce(targets[index], write, record._id);
              } catch (err) {
                problems.push(
                  `group ${record._id}: ${write.kind} of ${write.collection}/${write.id} could not be completed: ${(err as Error).message}`
                );
              }
            }
          }
          await this.finish(record._id, writes, targets);
        }
      );
    }
    return problems;
  }

  private async finish(group: string, writes: PreparedWrite[], targets: GroupTarget[]): Promise<void> {
    await this.records.updateOne({ _id: group }, { $set: { state: 'applied' } });
    for (const { target, ids } of byCollection(writes, targets, (write) => write.kind !== 'delete')) {
      // Unsetting the mark is no change of content, so the revision stays.
      await target.docs.updateMany({ _id: { $in: ids }, [GROUP_MARKER]: group }, { $unset: { [GROUP_MARKER]: '' } });
    }
    await this.records.deleteOne({ _id: group });
  }

  /** The keys in one order for every caller, so two groups never wait on each other in a circle. */
  private locked<R>(keys: string[], section: () => Promise<R>): Promise<R> {
    const sorted = [...new Set(keys)].sort();
    const enter = (i: number): Promise<R> => (i === sorted.length ? section() : this.locks.run(sorted[i], () => enter(i + 1)));
    return enter(0);
  }
}

/** The writes' ids per collection (one query or update for each instead of one per document). */
function byCollection(writes: PreparedWrite[], targets: GroupTarget[], keep: (write: PreparedWrite) => boolean = () => true) {
  const groups = new Map<string, { target: GroupTarget; ids: string[] }>();
  writes.forEach((write, i) => {
    if (!keep(write)) return;
    const entry = groups.get(write.collection) ?? { target: targets[i], ids: [] };
    entry.ids.push(write.id);
    groups.set(write.collection, entry);
  });
  return [...groups.values()];
}

/** Refuses the group before anything is written, as a transaction would: a missing document, a stale revision, a taken id. */
async function precheck(writes: PreparedWrite[], targets: GroupTarget[]): Promise<void> {
  const revisions = new Map<string, number>();
  for (const { target, ids } of byCollection(writes, targets)) {
    for (const doc of await target.docs.find({ _id: { $in: ids } }, { projection: { _rev: 1 } }).toArray())
      revisions.set(`${target.name}\u0000${doc._id}`, doc._rev);
  }
  for (const [i, write] of writes.entries()) {
    const current = revisions.get(`${write.collection}\u0000${write.id}`);
    if (write.kind === 'insert') {
      if (current !== undefined) throw new DuplicateKeyError(targets[i].name, ['_id']);
    } else if (current !== write.expectedRev) {
      throw await targets[i].whyNoMatch(write.id, write.expectedRev);
    }
  }
}

/**
 * The inserts from `start` on into one collection, made in one insertMany (a group's labels are
 * mostly inserts). Answers nothing when writes[start] is no insert, or when the batch was refused,
 * so the caller makes the writes one by one (makeWriteOnce tells which were made already).
 */
async function insertRun(writes: PreparedWrite[], targets: GroupTarget[], start: number, group: string): Promise<Result[]> {
  const run: Array<Extract<PreparedWrite, { kind: 'insert' }>> = [];
  for (let i = start; i < writes.length; i++) {
    const write = writes[i];
    if (write.kind !== 'insert' || write.collection !== writes[start].collection) break;
    run.push(write);
  }
  if (run.length < 2) return [];
  const docs: MongoDoc[] = run.map((write) => ({ _id: write.id, _rev: 1, ...write.body }));
  try {
    await targets[start].docs.insertMany(
      docs.map((doc) => ({ ...doc, [GROUP_MARKER]: group })),
      { ordered: true }
    );
  } catch {
    return [];
  }
  return docs as unknown as Result[];
}

/** One write, conditional as the single-document methods are; `group` marks the document (outbox). */
async function makeWrite(target: GroupTarget, write: PreparedWrite, group: string | undefined, session?: ClientSession): Promise<Result> {
  const mark = group === undefined ? {} : { [GROUP_MARKER]: group };
  if (write.kind === 'insert') {
    const doc: MongoDoc = { _id: write.id, _rev: 1, ...write.body };
    await target.guard(doc, () => target.docs.insertOne({ ...doc, ...mark }, { session }));
    return doc as unknown as Stored<object>;
  }
  if (write.kind === 'update') {
    const update: UpdateFilter<MongoDoc> = { $set: { ...write.set, _rev: write.expectedRev + 1, ...mark } };
    if (write.unset.length > 0) update.$unset = Object.fromEntries(write.unset.map((key) => [key, '']));
    const updated = await target.guard(undefined, () =>
      target.docs.findOneAndUpdate({ _id: write.id, _rev: write.expectedRev }, update, { returnDocument: 'after', session })
    );
    if (!updated) throw await target.whyNoMatch(write.id, write.expectedRev, session);
    return withoutMarker(updated) as unknown as Stored<object>;
  }
  const deleted = await target.docs.deleteOne({ _id: write.id, _rev: write.expectedRev }, { session });
  if (deleted.deletedCount === 0) throw await target.whyNoMatch(write.id, write.expectedRev, session);
  return null;
}

/** makeWrite, or the answer of the time it was already made for this group (completing after a crash). */
async function makeWriteOnce(target: GroupTarget, write: PreparedWrite, group: string): Promise<Result> {
  try {
    return await makeWrite(target, write, group);
  } catch (err) {
    if (!(await committed(target, write, group))) throw err;
    return write.kind === 'delete' ? null : (withoutMarker(await target.docs.findOne({ _id: write.id })) as unknown as Stored<object>);
  }
}

/** Whether this group's write was made: its document carries the group's mark, or is gone for a delete. */
async function committed(target: GroupTarget, write: PreparedWrite, group: string): Promise<boolean> {
  const current = await target.docs.findOne({ _id: write.id }, { projection: { _rev: 1, [GROUP_MARKER]: 1 } });
  if (write.kind === 'delete') return current === null;
  return current !== null && current[GROUP_MARKER] === group;
}
