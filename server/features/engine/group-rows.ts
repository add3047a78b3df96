/**
 * Reading a group's Parquet files when one row per key (and event time) is wanted. Ties are broken
 * the same way everywhere: the row from the file listed last wins, and within a file the later row,
 * so a later ingestion of the same key and event time replaces an earlier one.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { describe, Params, type DescribedColumn } from './sql';

/** A scan of `files` with the virtual columns the tie-break needs (file_index, file_row_number). */
export function groupScan(params: Params, files: string[]): string {
  return `read_parquet(${params.addPaths(files)}, union_by_name = true, file_row_number = true)`;
}

/** ORDER BY terms putting the winning row of a tie first. */
export const LATEST_SOURCE_FIRST = 'file_index DESC, file_row_number DESC';

export async function describeGroupFiles(connection: DuckDBConnection, files: string[]): Promise<DescribedColumn[]> {
  const params = new Params();
  return describe(connection, `SELECT * FROM read_parquet(${params.addPaths(files)}, union_by_name = true)`, params);
}
