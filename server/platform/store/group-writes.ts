/**
 * The part of DocumentStore.writeTogether both adapters share: checking a group and turning it into
 * plain writes (the same checks as the single-document methods, so both adapters refuse the same
 * groups), and the probe the crash tests use to stop a process between two writes of a group.
 */
import { BadRequestError } from '../errors';
import { prepareChanges, prepareInsert, type JsonObject } from './documents';
import { assertCollectionName, assertDocumentId, assertRevision } from './names';
import type { GroupWrite } from './port';

export type PreparedWrite =
  | { kind: 'insert'; collection: string; id: string; body: JsonObject }
  | { kind: 'update'; collection: string; id: string; expectedRev: number; set: JsonObject; unset: string[] }
  | { kind: 'delete'; collection: string; id: string; expectedRev: number };

/**
 * A bound that keeps a MongoDB outbox record (the whole group in one document) far below its 16 MiB
 * limit for documents of ordinary size; callers with more to write split it into groups that each
 * make sense alone (labels: a few hundred at a time).
 */
export const MAX_GROUP_WRITES = 2000;

export function prepareGroup(writes: readonly GroupWrite[]): PreparedWrite[] {
  if (!Array.isArray(writes)) throw new BadRequestError('writeTogether needs an array of writes', undefined, 'invalid_group');
  if (writes.length > MAX_GROUP_WRITES) {
    throw new BadRequestError(`a group holds at most ${MAX_GROUP_WRITES} writes, got ${writes.length}`, undefined, 'invalid_group');
  }
  const seen = new Set<string>();
  return writes.map((write) => {
    const prepared = prepareWrite(write);
    // One write per document keeps "was this write done?" answerable when a group is completed after a crash.
    const key = `${prepared.collection}\u0000${prepared.id}`;
    if (seen.has(key)) {
      throw new BadRequestError(
        `${prepared.collection}/${prepared.id} is written twice in one group: merge the writes`,
        undefined,
        'invalid_group'
      );
    }
    seen.add(key);
    return prepared;
  });
}

function prepareWrite(write: GroupWrite): PreparedWrite {
  const collection = write?.collection;
  assertCollectionName(collection);
  if ('insert' in write) {
    if (write.insert?._id === undefined) {
      throw new BadRequestError(
        `${collection}: an insert in a group names its _id (so completing the group never inserts twice)`,
        undefined,
        'invalid_group'
      );
    }
    const { id, body } = prepareInsert(write.insert, collection, () => '');
    return { kind: 'insert', collection, id, body };
  }
  if ('update' in write) {
    assertDocumentId(write.update, collection);
    assertRevision(write.expectedRev, collection);
    const { set, unset } = prepareChanges(write.update, write.changes, collection);
    return { kind: 'update', collection, id: write.update, expectedRev: write.expectedRev, set, unset };
  }
  if ('delete' in write) {
    assertDocumentId(write.delete, collection);
    assertRevision(write.expectedRev, collection);
    return { kind: 'delete', collection, id: write.delete, expectedRev: write.expectedRev };
  }
  throw new BadRequestError(`${collection}: a group write is an insert, an update or a delete`, undefined, 'invalid_group');
}

/**
 * Crash tests only: called after each write of a group has been made (inside the SQLite transaction,
 * after each MongoDB write), so a test child can SIGKILL itself exactly between two writes. Unset in
 * the server.
 */
export const groupWriteProbe: { afterWrite?: (index: number, count: number) => void } = {};
