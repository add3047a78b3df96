/**
 * Checks a port Filter / FindOptions once and turns it into a plain list of conditions that
 * each adapter translates (SQL in sqlite-sql.ts, a MongoDB query in mongodb-query.ts).
 */
import { BadRequestError } from '../errors';
import { assertFieldPath, describe } from './names';
import type { Filter, FindOptions, Scalar } from './port';

export type ComparisonOp = '$gt' | '$gte' | '$lt' | '$lte';

export type Condition =
  | { path: string; op: '$eq' | '$ne'; value: Scalar }
  | { path: string; op: ComparisonOp; value: number | string }
  | { path: string; op: '$in'; values: Scalar[] }
  | { path: string; op: '$exists'; exists: boolean };

export interface SortKey {
  path: string;
  direction: 1 | -1;
}

export interface Page {
  sort: SortKey[];
  limit?: number;
  skip?: number;
}

const OPERATORS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$exists']);

export function parseFilter(filter: Filter | undefined, collection: string): Condition[] {
  if (filter === undefined) return [];
  if (!isRecord(filter)) throw bad(collection, `a filter must be an object, got ${describe(filter)}`);
  const conditions: Condition[] = [];
  for (const [path, spec] of Object.entries(filter)) {
    assertFieldPath(path, `${collection} filter`);
    if (isRecord(spec)) {
      const ops = Object.entries(spec);
      if (ops.length === 0) throw bad(collection, `filter on "${path}" has no operator`);
      for (const [op, operand] of ops) conditions.push(parseCondition(path, op, operand, collection));
    } else {
      conditions.push({ path, op: '$eq', value: scalar(spec, path, '$eq', collection) });
    }
  }
  return conditions;
}

function parseCondition(path: string, op: string, operand: unknown, collection: string): Condition {
  if (!OPERATORS.has(op)) {
    throw bad(collection, `unsupported operator ${JSON.stringify(op)} on "${path}" (supported: ${[...OPERATORS].join(' ')})`);
  }
  switch (op) {
    case '$eq':
    case '$ne':
      return { path, op, value: scalar(operand, path, op, collection) };
    case '$in':
      if (!Array.isArray(operand)) throw bad(collection, `$in on "${path}" needs an array, got ${describe(operand)}`);
      return { path, op, values: operand.map((v) => scalar(v, path, op, collection)) };
    case '$exists':
      if (typeof operand !== 'boolean') throw bad(collection, `$exists on "${path}" needs true or false, got ${describe(operand)}`);
      return { path, op, exists: operand };
    default: {
      const value = scalar(operand, path, op, collection);
      if (typeof value !== 'number' && typeof value !== 'string') {
        throw bad(collection, `${op} on "${path}" needs a number or a string, got ${describe(operand)}`);
      }
      return { path, op: op as ComparisonOp, value };
    }
  }
}

function scalar(value: unknown, path: string, op: string, collection: string): Scalar {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw bad(collection, `${op} on "${path}" needs a string, finite number, boolean or null, got ${describe(value)}`);
}

export function parsePage(options: FindOptions | undefined, collection: string): Page {
  if (options === undefined) return { sort: [] };
  if (!isRecord(options)) throw bad(collection, `find options must be an object, got ${describe(options)}`);
  const sort: SortKey[] = [];
  if (options.sort !== undefined) {
    if (!isRecord(options.sort)) throw bad(collection, `sort must be an object of field → 1 | -1, got ${describe(options.sort)}`);
    for (const [path, direction] of Object.entries(options.sort)) {
      assertFieldPath(path, `${collection} sort`);
      if (direction !== 1 && direction !== -1) throw bad(collection, `sort on "${path}" must be 1 or -1, got ${describe(direction)}`);
      sort.push({ path, direction });
    }
  }
  return { sort, limit: count(options.limit, 'limit', collection), skip: count(options.skip, 'skip', collection) };
}

function count(value: unknown, name: string, collection: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw bad(collection, `${name} must be a non-negative integer, got ${describe(value)}`);
  }
  return value;
}

function bad(collection: string, message: string): BadRequestError {
  return new BadRequestError(`${collection}: ${message}`, undefined, 'invalid_query');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
