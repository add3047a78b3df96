/**
 * Read → change → write of one document, inserting it when missing, and tried again when another
 * writer (another replica) came first: aggregates stay exact without a transaction.
 */
import { DuplicateKeyError, StaleRevisionError } from '../../platform/errors';
import type { Collection, Stored } from '../../platform/store/port';

const MAX_ATTEMPTS = 20;

export async function upsert<T extends object>(
  collection: Collection<T>,
  id: string,
  change: (current: Stored<T> | null) => T
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const current = await collection.get(id);
    try {
      if (current) await collection.update(id, current._rev, change(current) as Partial<T>);
      else await collection.insert({ ...change(null), _id: id });
      return;
    } catch (err) {
      const raced = err instanceof StaleRevisionError || err instanceof DuplicateKeyError;
      if (!raced || attempt >= MAX_ATTEMPTS) throw err;
    }
  }
}
