/**
 * Reads a training set's Parquet file into columns for profiling, with DuckDB (its own in-memory
 * instance: the feature store's engine is locked to its folders). Numbers come as doubles (NaN for
 * null), categories as text (booleans as "true"/"false", as a logged boolean becomes).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { ReferenceColumn } from './profile';

export interface ColumnRequest {
  name: string;
  kind: 'numeric' | 'categorical';
  /** A DuckDB expression to read instead of the column `name` (trusted callers only: the benchmark's derived columns). */
  expression?: string;
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

export async function readParquetColumns(
  file: string,
  columns: readonly ColumnRequest[],
  options: { where?: string; limit?: number } = {}
): Promise<{ rows: number; columns: ReferenceColumn[] }> {
  if (columns.length === 0) return { rows: 0, columns: [] };
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const select = columns
      .map((c) => `CAST(${c.expression ?? ident(c.name)} AS ${c.kind === 'numeric' ? 'DOUBLE' : 'VARCHAR'}) AS ${ident(c.name)}`)
      .join(', ');
    const where = options.where ? ` WHERE ${options.where}` : '';
    const limit = options.limit !== undefined ? ` LIMIT ${Math.trunc(options.limit)}` : '';
    const result = await connection.runAndReadAll(`SELECT ${select} FROM read_parquet(${literal(file)})${where}${limit}`);
    const data = result.getColumnsJS() as unknown[][];
    const rows = data[0]?.length ?? 0;
    return {
      rows,
      columns: columns.map((c, i) => {
        const values = data[i] ?? [];
        if (c.kind === 'numeric') {
          const out = new Float64Array(values.length);
          for (let r = 0; r < values.length; r++) out[r] = values[r] === null ? NaN : (values[r] as number);
          return { name: c.name, kind: 'numeric', values: out };
        }
        return { name: c.name, kind: 'categorical', values: values as Array<string | null> };
      })
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
