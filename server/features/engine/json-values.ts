/** DuckDB values to JSON-safe cells: bigint becomes a number (refused beyond 2^53), timestamps ISO strings. */
import { DuckDBTimestampValue, type DuckDBValue } from '@duckdb/node-api';
import type { JsonCell } from './types';

export function toSafeNumber(value: DuckDBValue, what: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new RangeError(`${what}: ${value} is beyond ±${Number.MAX_SAFE_INTEGER}, the largest integer a JSON number carries exactly`);
    }
    return Number(value);
  }
  throw new TypeError(`${what}: expected a number, got ${value === null ? 'null' : typeof value}`);
}

/** Microseconds since the epoch as JavaScript's Date#toISOString writes them (milliseconds). */
export function isoFromMicros(micros: bigint): string {
  const millis = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  return new Date(Number(millis)).toISOString();
}

export function toJsonCell(value: DuckDBValue, what: string): JsonCell {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return toSafeNumber(value, what);
  if (value instanceof DuckDBTimestampValue) return isoFromMicros(value.micros);
  throw new TypeError(`${what}: a value of type ${value.constructor.name} has no JSON form in the feature store`);
}
