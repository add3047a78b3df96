/**
 * Readers over an input file for validation: which columns it has, a relation over its rows
 * (optionally numbered 1-based in input order), and how to reach one column's raw value.
 * Every value of CSV and NDJSON is read as text so the checks can cast it and say which row and
 * column failed; Parquet keeps its own types and is cast the same way.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { BadRequestError } from '../../platform/errors';
import { describe, Params, queryRows } from './sql';
import type { InputFormat } from './types';
import type { RawValue } from './value-checks';

/** The 1-based row number column of a numbered relation. */
export const ROW = '__mlp_row';
const JSON_RECORD = '__mlp_json';

/** Tables where a CSV scan records rows that do not fit the header (too many or too few fields…). */
export const CSV_REJECTS = { errors: 'mlp_csv_rejects', scans: 'mlp_csv_reject_scans' } as const;

export interface InputReader {
  format: InputFormat;
  /** The input's column names as spelled there, in order (NDJSON: every key seen, sorted). */
  columns: string[];
  /** SQL for a parenthesised relation over the input; `numbered` adds ROW. */
  relation(params: Params, options: { numbered: boolean; collectRejects?: boolean }): string;
  /** A column's raw value inside that relation. */
  raw(column: string): RawValue;
  /** NDJSON: SQL true when the whole record is not a JSON object; the JSON text is `record`. */
  notObject?: { condition: string; record: string };
}

export async function openInput(connection: DuckDBConnection, file: string, format: InputFormat): Promise<InputReader> {
  switch (format) {
    case 'parquet':
      return parquetInput(connection, file);
    case 'csv':
      return csvInput(connection, file);
    case 'ndjson':
      return ndjsonInput(connection, file);
    default:
      throw new BadRequestError(`unknown input format ${JSON.stringify(format)}; use parquet, csv or ndjson`);
  }
}

const quoted = (column: string): string => `"${column.replaceAll('"', '""')}"`;

async function parquetInput(connection: DuckDBConnection, file: string): Promise<InputReader> {
  const probe = new Params();
  const described = await describe(connection, `SELECT * FROM read_parquet(${probe.add(file)})`, probe);
  const types = new Map(described.map((c) => [c.name, c.duckType]));
  return {
    format: 'parquet',
    columns: described.map((c) => c.name),
    relation: (params, { numbered }) => {
      const source = params.add(file);
      return numbered
        ? `(SELECT file_row_number + 1 AS ${ROW}, * FROM read_parquet(${source}, file_row_number = true))`
        : `(SELECT * FROM read_parquet(${source}))`;
    },
    raw: (column) => ({ sql: quoted(column), duckType: types.get(column) ?? 'VARCHAR' })
  };
}

// Fixed dialect: comma-separated, double quotes, a header row. Sniffing the dialect of a broken file
// guesses; a fixed one lets the rejects table name each broken row.
const CSV_OPTIONS = `header = true, all_varchar = true, delim = ',', quote = '"', escape = '"'`;

async function csvInput(connection: DuckDBConnection, file: string): Promise<InputReader> {
  const probe = new Params();
  const columns = (
    await describe(connection, `SELECT * FROM read_csv(${probe.add(file)}, ${CSV_OPTIONS}, store_rejects = true)`, probe)
  ).map((c) => c.name);
  return {
    format: 'csv',
    columns,
    relation: (params, { numbered, collectRejects }) => {
      const rejects = collectRejects
        ? `, store_rejects = true, rejects_table = '${CSV_REJECTS.errors}', rejects_scan = '${CSV_REJECTS.scans}'`
        : '';
      const scan = `read_csv(${params.add(file)}, ${CSV_OPTIONS}${rejects})`;
      // ROW_NUMBER() OVER () runs as a streaming window, which DuckDB keeps in scan order.
      return numbered ? `(SELECT row_number() OVER () AS ${ROW}, * FROM ${scan})` : `(SELECT * FROM ${scan})`;
    },
    raw: (column) => ({ sql: quoted(column), duckType: 'VARCHAR' })
  };
}

async function ndjsonInput(connection: DuckDBConnection, file: string): Promise<InputReader> {
  const probe = new Params();
  const keys = await queryRows(
    connection,
    `SELECT DISTINCT unnest(json_keys(json)) AS key FROM read_json_objects(${probe.add(file)}, format = 'newline_delimited') WHERE json_type(json) = 'OBJECT' ORDER BY key`,
    probe
  );
  const path = (column: string): string => `'$.${JSON.stringify(column).replaceAll("'", "''")}'`;
  return {
    format: 'ndjson',
    columns: keys.map((row) => String(row.key)),
    relation: (params, { numbered }) => {
      const scan = `read_json_objects(${params.add(file)}, format = 'newline_delimited')`;
      return numbered
        ? `(SELECT row_number() OVER () AS ${ROW}, json AS ${JSON_RECORD} FROM ${scan})`
        : `(SELECT json AS ${JSON_RECORD} FROM ${scan})`;
    },
    raw: (column) => ({
      sql: `json_extract_string(${JSON_RECORD}, ${path(column)})`,
      duckType: 'VARCHAR',
      nested: `coalesce(json_type(${JSON_RECORD}, ${path(column)}) IN ('OBJECT', 'ARRAY'), false)`
    }),
    notObject: { condition: `json_type(${JSON_RECORD}) <> 'OBJECT'`, record: `CAST(${JSON_RECORD} AS VARCHAR)` }
  };
}
