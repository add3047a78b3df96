/**
 * For the engine's tests: write and read Parquet with a DuckDB instance of their own, so fixtures
 * and checks do not go through the code under test.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { toJsonCell } from '../features/engine/json-values';
import type { JsonCell } from '../features/engine/types';

async function withDuckDb<T>(
  work: (run: (sql: string, values?: string[]) => Promise<Record<string, unknown>[]>) => Promise<T>
): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    return await work(async (sql, values) => (await connection.runAndReadAll(sql, values)).getRowObjects());
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Writes the result of `select` (e.g. a VALUES list) to `file` as Parquet. */
export async function writeParquet(file: string, select: string): Promise<string> {
  await withDuckDb((run) => run(`COPY (${select}) TO $1 (FORMAT parquet)`, [file]));
  return file;
}

export function writeText(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A Parquet file's rows as JSON cells (timestamps ISO, int64 numbers), in file order. */
export async function readParquet(file: string): Promise<Record<string, JsonCell>[]> {
  return withDuckDb(async (run) =>
    (await run('SELECT * FROM read_parquet($1)', [file])).map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toJsonCell(v as never, k)]))
    )
  );
}

/** A Parquet file's columns and their DuckDB types, in order. */
export async function parquetColumns(file: string): Promise<Array<[string, string]>> {
  return withDuckDb(async (run) =>
    (await run('DESCRIBE SELECT * FROM read_parquet($1)', [file])).map((r) => [String(r.column_name), String(r.column_type)])
  );
}
