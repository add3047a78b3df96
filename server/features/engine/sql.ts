/** Small helpers for running SQL with bound parameters on a DuckDB connection. */
import { LIST, VARCHAR, listValue, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';

/** Collects bound parameters while a statement is built; `add` returns the placeholder to put in the SQL text. */
export class Params {
  readonly values: DuckDBValue[] = [];
  /** Explicit types where the value alone does not say (lists); undefined lets DuckDB infer from the value. */
  readonly types: Array<DuckDBType | undefined> = [];

  add(value: DuckDBValue, type?: DuckDBType): string {
    this.values.push(value);
    this.types.push(type);
    return `$${this.values.length}`;
  }

  /** A list of file paths, as read_parquet and friends take it. */
  addPaths(paths: string[]): string {
    return this.add(listValue(paths), LIST(VARCHAR));
  }
}

export type Row = Record<string, DuckDBValue>;

export async function queryRows(connection: DuckDBConnection, sql: string, params?: Params): Promise<Row[]> {
  const reader = params
    ? await connection.runAndReadAll(sql, params.values, params.types as DuckDBType[])
    : await connection.runAndReadAll(sql);
  return reader.getRowObjects();
}

export async function execute(connection: DuckDBConnection, sql: string, params?: Params): Promise<void> {
  if (params) await connection.run(sql, params.values, params.types as DuckDBType[]);
  else await connection.run(sql);
}

export interface DescribedColumn {
  name: string;
  duckType: string;
}

/** The columns a SELECT would return, in order, without running it. */
export async function describe(connection: DuckDBConnection, select: string, params?: Params): Promise<DescribedColumn[]> {
  const rows = await queryRows(connection, `DESCRIBE ${select}`, params);
  return rows.map((row) => ({ name: String(row.column_name), duckType: String(row.column_type) }));
}
