/** How DuckDB's column types map onto the feature store's five types, and back. */
import type { FeatureType } from './types';

/** The one physical DuckDB type each feature type is stored as in Parquet. */
export const SQL_TYPE: Record<FeatureType, string> = {
  int64: 'BIGINT',
  float64: 'DOUBLE',
  string: 'VARCHAR',
  bool: 'BOOLEAN',
  timestamp: 'TIMESTAMP'
};

const INTEGER_TYPES = new Set([
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
  'HUGEINT',
  'UHUGEINT'
]);
const FLOAT_TYPES = new Set(['FLOAT', 'DOUBLE']);
const TIME_TYPES = new Set(['TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS', 'DATE']);

/** The feature type a DuckDB column type (as DESCRIBE spells it) maps to, or null when none fits. */
export function featureTypeOf(duckType: string): FeatureType | null {
  const type = duckType.toUpperCase();
  if (INTEGER_TYPES.has(type)) return 'int64';
  if (FLOAT_TYPES.has(type) || type.startsWith('DECIMAL')) return 'float64';
  if (type === 'VARCHAR' || type.startsWith('ENUM')) return 'string';
  if (type === 'BOOLEAN') return 'bool';
  if (TIME_TYPES.has(type)) return 'timestamp';
  return null;
}

/** `expression` converted to the physical type of `type` (TIMESTAMPTZ becomes UTC wall time: the engine runs in UTC). */
export function toSqlType(expression: string, duckType: string, type: FeatureType): string {
  return duckType.toUpperCase() === SQL_TYPE[type] ? expression : `CAST(${expression} AS ${SQL_TYPE[type]})`;
}

/** ISO-8601 UTC with milliseconds, as JavaScript's Date#toISOString writes it. */
export function isoTimestampSql(expression: string): string {
  return `strftime(${expression}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
}
