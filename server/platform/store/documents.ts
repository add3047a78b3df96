/**
 * Documents are plain JSON: both adapters accept exactly the same values, so a document reads
 * back the same whichever store kept it (MongoDB would keep a Date or NaN, SQLite's JSON would not).
 */
import { BadRequestError } from '../errors';
import { assertDocumentId } from './names';

/** MongoDB's nesting limit; SQLite's JSON functions stop at 1000, so this bound suits both. */
const MAX_DEPTH = 100;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * Returns a deep copy of `value` as plain JSON with `undefined` object fields left out,
 * or throws BadRequestError naming the path of the first value JSON cannot hold.
 */
export function toJsonObject(value: unknown, collection: string, what: string): JsonObject {
  if (!isPlainObject(value)) {
    throw invalid(collection, what, '', `must be a plain object, got ${kindOf(value)}`);
  }
  return copyObject(value, collection, what, '', 0);
}

function copyValue(value: unknown, collection: string, what: string, path: string, depth: number): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(collection, what, path, `must be a finite number, got ${value}`);
    // -0 would read back as 0 from JSON but stay -0 in BSON.
    return value === 0 ? 0 : value;
  }
  if (depth >= MAX_DEPTH) throw invalid(collection, what, path, `nests deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      if (item === undefined) throw invalid(collection, what, `${path}[${i}]`, 'is undefined (use null)');
      return copyValue(item, collection, what, `${path}[${i}]`, depth + 1);
    });
  }
  if (isPlainObject(value)) return copyObject(value, collection, what, path, depth + 1);
  throw invalid(collection, what, path, `must be JSON (string, number, boolean, null, array or plain object), got ${kindOf(value)}`);
}

function copyObject(value: object, collection: string, what: string, path: string, depth: number): JsonObject {
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    assertDocumentKey(key, collection, what, itemPath);
    if (item === undefined) continue;
    out[key] = copyValue(item, collection, what, itemPath, depth);
  }
  return out;
}

/** MongoDB reads `.` as a path separator and `$` as an operator, so keys may hold neither there. */
export function assertDocumentKey(key: string, collection: string, what: string, path = key): void {
  if (key.length === 0 || key.includes('.') || key.startsWith('$') || key.includes('\u0000')) {
    throw invalid(collection, what, path, 'has a key that is empty, contains "." or NUL, or starts with "$"');
  }
}

function invalid(collection: string, what: string, path: string, reason: string): BadRequestError {
  const where = path ? `field ${JSON.stringify(path)}` : 'the document';
  return new BadRequestError(`${collection}: ${what}: ${where} ${reason}`, { field: path || undefined }, 'invalid_document');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value;
}

/**
 * A top-level field the MongoDB adapter keeps on a document while a group of writes touching it is
 * being completed (see mongodb-groups.ts); never read back, and refused in documents so no value of
 * the caller's can be mistaken for it.
 */
export const GROUP_MARKER = '_writeGroup';

function refuseReserved(body: Record<string, unknown>, collection: string, what: string): void {
  if (Object.prototype.hasOwnProperty.call(body, GROUP_MARKER)) {
    throw new BadRequestError(
      `${collection}: ${what}: field "${GROUP_MARKER}" is reserved for the store`,
      { field: GROUP_MARKER },
      'invalid_document'
    );
  }
}

/** Splits an insert into its id (given or generated) and its body (the document without `_id` / `_rev`). */
export function prepareInsert(doc: unknown, collection: string, newId: () => string): { id: string; body: JsonObject } {
  const body = toJsonObject(doc, collection, 'insert');
  refuseReserved(body, collection, 'insert');
  const id = body._id === undefined ? newId() : body._id;
  assertDocumentId(id, collection);
  delete body._id;
  // The store owns the revision: a `_rev` the caller passes (a copied document, say) is not kept.
  delete body._rev;
  return { id, body };
}

/** Top-level fields an update sets and removes (set to undefined); `_id` may only repeat the document's own id. */
export function prepareChanges(id: string, changes: unknown, collection: string): { set: JsonObject; unset: string[] } {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
    throw new BadRequestError(`${collection}/${id}: update changes must be an object of fields`, undefined, 'invalid_document');
  }
  const present: Record<string, unknown> = {};
  const unset: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if (key === '_rev') continue;
    if (key === '_id') {
      if (value !== undefined && value !== id) {
        throw new BadRequestError(
          `${collection}/${id}: an update cannot change _id (to ${JSON.stringify(value)})`,
          undefined,
          'invalid_document'
        );
      }
      continue;
    }
    assertDocumentKey(key, collection, 'update');
    if (value === undefined) unset.push(key);
    else present[key] = value;
  }
  refuseReserved(present, collection, 'update');
  if (unset.includes(GROUP_MARKER)) refuseReserved({ [GROUP_MARKER]: null }, collection, 'update');
  return { set: toJsonObject(present, collection, 'update'), unset };
}
