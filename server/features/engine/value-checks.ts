/**
 * Per column: the SQL that casts a raw input value to the stored type, and the SQL that names what
 * is wrong with it (NULL when nothing is). The raw type is what the reader delivers (VARCHAR for
 * CSV and NDJSON, the file's own type for Parquet); a value already of the stored type skips the
 * casts, which matters for timestamps (a cast through TIMESTAMPTZ costs a second per 3M rows).
 * Problem kinds become sentences in problems.ts.
 */
import { featureTypeOf, SQL_TYPE } from './column-types';
import type { SchemaColumn } from './schema';
import type { FeatureType } from './types';

/** ±(2^53 - 1): beyond it an int64 no longer survives the trip through a JSON number. */
export const MAX_SAFE_INTEGER_SQL = '9007199254740991';

export type ProblemKind = 'null_key' | 'null_event_time' | 'nested' | 'invalid' | 'unsafe_integer' | 'not_finite' | 'not_object';

export interface RawValue {
  /** SQL reaching the value. */
  sql: string;
  /** Its DuckDB type, as DESCRIBE spells it. */
  duckType: string;
  /** NDJSON: SQL true when the value is an object or array. */
  nested?: string;
}

export function castSql(type: FeatureType, raw: RawValue): string {
  const rawType = raw.duckType.toUpperCase();
  if (rawType === SQL_TYPE[type]) return raw.sql;
  if (type === 'string') return `CAST(${raw.sql} AS VARCHAR)`;
  if (type === 'timestamp') return timestampSql(raw.sql, rawType);
  return `TRY_CAST(${raw.sql} AS ${SQL_TYPE[type]})`;
}

/**
 * Text with a numeric offset ("…+02:00", "…-0500") goes through TIMESTAMPTZ so the offset is
 * applied (the engine's zone is UTC); other text is read as UTC, falling back to TIMESTAMPTZ for
 * named zones. An offset always sits in the last six characters.
 */
function timestampSql(sql: string, rawType: string): string {
  const viaZone = (text: string) => `TRY_CAST(TRY_CAST(${text} AS TIMESTAMPTZ) AS TIMESTAMP)`;
  if (rawType === 'VARCHAR') {
    const tail = `right(${sql}, 6)`;
    return `(CASE WHEN strpos(${tail}, '+') > 0 OR strpos(${tail}, '-') > 0 THEN ${viaZone(sql)} ELSE coalesce(TRY_CAST(${sql} AS TIMESTAMP), ${viaZone(sql)}) END)`;
  }
  if (featureTypeOf(rawType) === 'timestamp') return `TRY_CAST(${sql} AS TIMESTAMP)`;
  return 'CAST(NULL AS TIMESTAMP)';
}

/** SQL yielding the ProblemKind of the value, or NULL when it is fine. */
export function problemSql(column: SchemaColumn, raw: RawValue): string {
  const cast = castSql(column.type, raw);
  const whenNull = column.role === 'key' ? `'null_key'` : column.role === 'event' ? `'null_event_time'` : 'NULL';
  const branches = [`WHEN ${raw.sql} IS NULL THEN ${whenNull}`];
  if (raw.nested) branches.push(`WHEN ${raw.nested} THEN 'nested'`);
  const exact = raw.duckType.toUpperCase() === SQL_TYPE[column.type];
  switch (column.type) {
    case 'int64': {
      // TRY_CAST rounds '1.5' to 2: a value is an integer only when its DOUBLE reading agrees.
      const fractional = featureTypeOf(raw.duckType) === 'int64' ? '' : ` OR TRY_CAST(${raw.sql} AS DOUBLE) IS DISTINCT FROM ${cast}`;
      if (!exact) branches.push(`WHEN ${cast} IS NULL${fractional} THEN 'invalid'`);
      branches.push(`WHEN ${cast} NOT BETWEEN -${MAX_SAFE_INTEGER_SQL} AND ${MAX_SAFE_INTEGER_SQL} THEN 'unsafe_integer'`);
      break;
    }
    case 'float64':
      if (!exact) branches.push(`WHEN ${cast} IS NULL THEN 'invalid'`);
      branches.push(`WHEN NOT isfinite(${cast}) THEN 'not_finite'`);
      break;
    case 'bool':
      if (!exact) branches.push(`WHEN ${cast} IS NULL THEN 'invalid'`);
      break;
    case 'timestamp':
      branches.push(`WHEN ${cast} IS NULL OR NOT isfinite(${cast}) THEN 'invalid'`);
      break;
    case 'string':
      break;
  }
  return `(CASE ${branches.join(' ')} END)`;
}
