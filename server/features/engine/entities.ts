/**
 * The entity side of a point-in-time join: a file (Parquet, CSV with a header, NDJSON) or inline
 * rows, as a relation numbered in input order, with its columns and their DuckDB types.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { BadRequestError } from '../../platform/errors';
import { ENTITY_TABLE, loadEntityRows } from './entity-rows';
import { ROW } from './inputs';
import { checkName, filePath, literal } from './names';
import { describe, Params, type DescribedColumn } from './sql';
import type { InputFormat } from './types';

export type EntityInput = { file: string; format: InputFormat } | { rows: Record<string, unknown>[] };

export interface EntitySource {
  columns: DescribedColumn[];
  /** A parenthesised relation: ROW (input order) and the columns. */
  relation(params: Params): string;
}

/**
 * `keyTypes` (column → DuckDB type) pins the types of CSV join-key columns to the groups' key types,
 * so a key such as "007" is not read as the number 7 by type detection.
 */
export async function entitySource(
  connection: DuckDBConnection,
  entities: EntityInput,
  timestampColumn: string,
  keyTypes: Record<string, string>
): Promise<EntitySource> {
  if (entities && 'rows' in entities) {
    await loadEntityRows(connection, entities.rows, timestampColumn);
    const columns = (await describe(connection, `SELECT * EXCLUDE (${ROW}) FROM ${ENTITY_TABLE}`)).filter((c) => c.name !== ROW);
    return { columns, relation: () => `(SELECT * FROM ${ENTITY_TABLE})` };
  }
  if (!entities || !('file' in entities)) throw new BadRequestError('entities: give either {file, format} or {rows}');
  const file = filePath(entities.file, 'entities.file');
  let scan = scanOf(entities.format, {});
  const probe = (): Promise<DescribedColumn[]> => {
    const params = new Params();
    return describe(connection, `SELECT * FROM ${scan(params.add(file))}`, params);
  };
  let columns = await probe();
  if (entities.format === 'csv') {
    const present = new Set(columns.map((c) => c.name));
    scan = scanOf('csv', Object.fromEntries(Object.entries(keyTypes).filter(([name]) => present.has(name))));
    columns = await probe();
  }
  return {
    columns,
    relation: (params) =>
      entities.format === 'parquet'
        ? `(SELECT file_row_number AS ${ROW}, * EXCLUDE (file_row_number) FROM read_parquet(${params.add(file)}, file_row_number = true))`
        : // ROW_NUMBER() OVER () runs as a streaming window, which DuckDB keeps in scan order.
          `(SELECT row_number() OVER () AS ${ROW}, * FROM ${scan(params.add(file))})`
  };
}

function scanOf(format: InputFormat, csvTypes: Record<string, string>): (placeholder: string) => string {
  switch (format) {
    case 'parquet':
      return (p) => `read_parquet(${p})`;
    case 'csv': {
      const pinned = Object.entries(csvTypes).map(
        ([name, type]) => `${literal(checkName(name, 'entities: key column'))}: ${literal(type)}`
      );
      const types = pinned.length > 0 ? `, types = {${pinned.join(', ')}}` : '';
      return (p) => `read_csv(${p}, header = true${types})`;
    }
    case 'ndjson':
      return (p) => `read_json(${p}, format = 'newline_delimited', records = true)`;
    default:
      throw new BadRequestError(`entities.format: ${JSON.stringify(format)} is not one of parquet, csv, ndjson`);
  }
}
