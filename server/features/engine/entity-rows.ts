/**
 * Inline entity rows (JSON from a request) into a temporary table: each column's type is read off
 * its values (whole numbers → BIGINT, other numbers → DOUBLE, strings → VARCHAR, booleans →
 * BOOLEAN); the timestamp column stays text and is parsed by the join.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { BadRequestError } from '../../platform/errors';
import { ROW } from './inputs';
import { checkName, ident } from './names';

export const ENTITY_TABLE = 'mlp_entity_rows';

type SqlType = 'BIGINT' | 'DOUBLE' | 'VARCHAR' | 'BOOLEAN';
interface InlineColumn {
  name: string;
  type: SqlType;
}

export async function loadEntityRows(connection: DuckDBConnection, rows: unknown, timestampColumn: string): Promise<void> {
  if (!Array.isArray(rows) || rows.length === 0) throw new BadRequestError('entities.rows: at least one entity row is required');
  const columns = inferColumns(rows, timestampColumn);
  const definitions = [`${ROW} BIGINT`, ...columns.map((c) => `${ident(c.name)} ${c.type}`)];
  await connection.run(`CREATE TEMP TABLE ${ENTITY_TABLE} (${definitions.join(', ')})`);
  const appender = await connection.createAppender(ENTITY_TABLE, 'main', 'temp');
  try {
    rows.forEach((row: Record<string, unknown>, i) => {
      appender.appendBigInt(BigInt(i + 1));
      for (const column of columns) {
        const value = row[column.name];
        if (value === null || value === undefined) appender.appendNull();
        else if (column.type === 'BIGINT') appender.appendBigInt(BigInt(value as number));
        else if (column.type === 'DOUBLE') appender.appendDouble(value as number);
        else if (column.type === 'BOOLEAN') appender.appendBoolean(value as boolean);
        else appender.appendVarchar(value as string);
      }
      appender.endRow();
    });
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function inferColumns(rows: unknown[], timestampColumn: string): InlineColumn[] {
  const kinds = new Map<string, Set<string>>();
  rows.forEach((row, i) => {
    if (!row || typeof row !== 'object' || Array.isArray(row))
      throw new BadRequestError(`entities.rows[${i}]: each entity row must be an object`);
    for (const [name, value] of Object.entries(row)) {
      checkName(name, `entities.rows[${i}]: column`);
      if (!kinds.has(name)) kinds.set(name, new Set());
      const kind = kindOf(value, `entities.rows[${i}].${name}`);
      if (kind) kinds.get(name)!.add(kind);
    }
  });
  return [...kinds].map(([name, seen]) => ({ name, type: typeOf(name, seen, name === timestampColumn) }));
}

function kindOf(value: unknown, where: string): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      if (!Number.isFinite(value)) throw new BadRequestError(`${where}: ${value} is not a finite number`);
      if (!Number.isInteger(value)) return 'float';
      if (!Number.isSafeInteger(value))
        throw new BadRequestError(
          `${where}: ${value} is beyond ±${Number.MAX_SAFE_INTEGER}, the largest integer a JSON number carries exactly; send it as a string`
        );
      return 'integer';
    default:
      throw new BadRequestError(
        `${where}: only strings, numbers, booleans and null are accepted, not ${Array.isArray(value) ? 'an array' : typeof value}`
      );
  }
}

function typeOf(name: string, kinds: Set<string>, isTimestamp: boolean): SqlType {
  if (isTimestamp) {
    if ([...kinds].some((k) => k !== 'string'))
      throw new BadRequestError(`entities: the timestamp column "${name}" takes ISO-8601 strings (e.g. 2001-01-31T08:00:00Z)`);
    return 'VARCHAR';
  }
  if (kinds.size === 0 || (kinds.size === 1 && kinds.has('string'))) return 'VARCHAR';
  if (kinds.size === 1 && kinds.has('boolean')) return 'BOOLEAN';
  if (kinds.size === 1 && kinds.has('integer')) return 'BIGINT';
  if ([...kinds].every((k) => k === 'integer' || k === 'float')) return 'DOUBLE';
  throw new BadRequestError(`entities: column "${name}" mixes ${[...kinds].sort().join(' and ')} values; use one type per column`);
}
