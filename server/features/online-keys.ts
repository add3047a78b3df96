/**
 * Online documents are found by a deterministic id made from the group, its version and the
 * entity's join-key values, so a batch lookup is one `find` on `_id $in [...]`. Key values are
 * brought to one canonical form first (an ISO timestamp, a safe integer), so the same entity makes
 * the same id whether it came from an ingestion or a lookup.
 */
import { createHash } from 'node:crypto';
import { BadRequestError } from '../platform/errors';
import type { ColumnSpec } from './documents';

export type KeyValue = string | number | boolean;

/** The store refuses ids above 512 characters; longer keys are hashed. */
const MAX_PLAIN_ID = 480;

export function onlineId(group: string, version: number, key: KeyValue[]): string {
  const id = `${group}@v${version}|${JSON.stringify(key)}`;
  return id.length <= MAX_PLAIN_ID ? id : `${group}@v${version}#${createHash('sha256').update(id).digest('hex')}`;
}

/**
 * The canonical key of `row` for `joinKeys`, or an error naming `where` (e.g. "entities[3]") and the
 * key that is missing or of the wrong kind.
 */
export function canonicalKey(row: Record<string, unknown>, joinKeys: ColumnSpec[], where: string): KeyValue[] {
  return joinKeys.map((key) => canonicalKeyValue(row[key.name], key, `${where}.${key.name}`));
}

export function canonicalKeyValue(value: unknown, key: ColumnSpec, where: string): KeyValue {
  if (value === undefined || value === null) throw new BadRequestError(`${where}: the join key ${key.name} is missing`, { field: where });
  switch (key.type) {
    case 'int64':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
      if (typeof value === 'bigint' && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER))
        return Number(value);
      break;
    case 'string':
      if (typeof value === 'string') return value;
      break;
    case 'bool':
      if (typeof value === 'boolean') return value;
      break;
    case 'timestamp': {
      const time = typeof value === 'string' || value instanceof Date ? new Date(value as string) : undefined;
      if (time && !Number.isNaN(time.getTime())) return time.toISOString();
      break;
    }
    case 'float64':
      break;
  }
  throw new BadRequestError(`${where}: ${describe(value)} is not a valid ${key.type} value for the join key ${key.name}`, { field: where });
}

/** ISO-8601 in UTC with milliseconds, so that event times compare as strings. */
export function canonicalTime(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const time = new Date(value as string);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value) : String(value);
}
