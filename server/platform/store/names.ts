/**
 * Checks for the names that reach a backing database: collection names become SQLite table
 * names and MongoDB collection names, field paths become SQL JSON paths and MongoDB keys.
 * Both adapters run the same checks, so a name one refuses the other refuses too.
 */
import { BadRequestError } from '../errors';

const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const FIELD_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const MAX_ID_LENGTH = 512;

export function assertCollectionName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
    throw new BadRequestError(
      `invalid collection name ${JSON.stringify(name)}: use a letter then letters, digits or _ (at most 64 characters)`,
      { collection: name },
      'invalid_collection_name'
    );
  }
}

/** A dot path such as `owner.team`: segments are identifiers (letters, digits, _; not starting with a digit). */
export function assertFieldPath(path: unknown, where: string): asserts path is string {
  if (typeof path !== 'string' || path.length === 0 || !path.split('.').every((s) => FIELD_SEGMENT.test(s))) {
    throw new BadRequestError(
      `invalid field path ${JSON.stringify(path)} in ${where}: use identifiers (letters, digits, _) joined by dots`,
      { field: path },
      'invalid_field_path'
    );
  }
}

export function assertDocumentId(id: unknown, collection: string): asserts id is string {
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw new BadRequestError(
      `${collection}: a document _id must be a non-empty string of at most ${MAX_ID_LENGTH} characters, got ${describe(id)}`,
      { _id: id },
      'invalid_id'
    );
  }
}

export function assertRevision(rev: unknown, collection: string): asserts rev is number {
  if (typeof rev !== 'number' || !Number.isSafeInteger(rev) || rev < 1) {
    throw new BadRequestError(
      `${collection}: an expected revision must be a positive integer, got ${describe(rev)}`,
      { expectedRev: rev },
      'invalid_revision'
    );
  }
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === undefined || typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return typeof value;
}
