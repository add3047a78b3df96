/**
 * DuckDB's view of a CSV or Parquet file a batch-scoring job scores: the SQL that reads it (CSV with a header row,
 * types detected as DuckDB does), and its columns and row count. Each caller brings its own DuckDB instance: the
 * backend's feature engine may read only the feature store's folder, and the job runs in a process of its own.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export type TableFormat = 'parquet' | 'csv';

export interface TableShape {
  rows: number;
  columns: Array<{ name: string; type: string }>;
}

/** A relation over the file; `file` is bound as the statement's parameter $1. */
export function tableScan(format: TableFormat): string {
  return format === 'parquet' ? 'read_parquet($1)' : "read_csv($1, header = true, delim = ',', quote = '\"', escape = '\"')";
}

export async function describeTable(connection: DuckDBConnection, file: string, format: TableFormat): Promise<TableShape> {
  const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${tableScan(format)}`, [file])).getRowObjects();
  const counted = (await connection.runAndReadAll(`SELECT count(*) AS n FROM ${tableScan(format)}`, [file])).getRowObjects();
  return {
    rows: Number(counted[0].n),
    columns: described.map((row) => ({ name: String(row.column_name), type: String(row.column_type) }))
  };
}

/** DuckDB's message without its "Invalid Input Error:"-style prefix and the file's path. */
export function readProblem(err: unknown, file: string): string {
  const message = err instanceof Error ? err.message : String(err);
  return message
    .split(file)
    .join('<file>')
    .replace(/^[A-Za-z ]+Error: /, '')
    .split('\n')[0];
}
