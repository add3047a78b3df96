/**
 * Turns checked conditions and sort keys into MongoDB query and sort documents. The port's
 * operators are MongoDB's, so this is a straight copy; what it adds is the _id tie-breaker that
 * keeps paging stable, as the SQLite adapter does.
 */
import type { Condition, Page } from './query';

export type MongoQuery = Record<string, Record<string, unknown>>;

export function mongoQuery(conditions: Condition[]): MongoQuery {
  const query: MongoQuery = {};
  for (const c of conditions) {
    const operand = c.op === '$in' ? c.values : c.op === '$exists' ? c.exists : c.value;
    query[c.path] = { ...query[c.path], [c.op]: operand };
  }
  return query;
}

export function mongoSort(page: Page): Record<string, 1 | -1> {
  const sort: Record<string, 1 | -1> = {};
  for (const { path, direction } of page.sort) sort[path] = direction;
  if (!('_id' in sort)) sort._id = 1;
  return sort;
}
