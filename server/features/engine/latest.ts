/** latestPerEntity: the latest row per entity key across a group's files, streamed in batches of JSON rows, ordered by key. */
import type { DuckDBType } from '@duckdb/node-api';
import { BadRequestError } from '../../platform/errors';
import { SQL_TYPE } from './column-types';
import type { Engine } from './engine';
import { groupScan, LATEST_SOURCE_FIRST } from './group-rows';
import { toJsonCell } from './json-values';
import { filePaths, ident } from './names';
import { schemaColumns } from './schema';
import { Params } from './sql';
import type { JsonCell, TableSchema } from './types';

export interface LatestArgs {
  files: string[];
  schema: TableSchema;
  /** Rows per batch; default 1000. */
  batchSize?: number;
}

export async function* latestPerEntity(engine: Engine, args: LatestArgs): AsyncGenerator<Record<string, JsonCell>[]> {
  const columns = schemaColumns(args.schema);
  const files = filePaths(args.files, 'files');
  const batchSize = args.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new BadRequestError(`batchSize must be a positive integer, not ${batchSize}`);
  const keys = columns.filter((c) => c.role === 'key').map((c) => ident(c.name));
  const event = ident(columns.find((c) => c.role === 'event')!.name);
  const params = new Params();
  const sql = `SELECT ${columns.map((c) => `CAST(${ident(c.name)} AS ${SQL_TYPE[c.type]}) AS ${ident(c.name)}`).join(', ')}
    FROM ${groupScan(params, files)}
    QUALIFY row_number() OVER (PARTITION BY ${keys.join(', ')} ORDER BY ${event} DESC, ${LATEST_SOURCE_FIRST}) = 1
    ORDER BY ${keys.join(', ')}`;
  const names = columns.map((c) => c.name);
  const lease = await engine.lease();
  try {
    const result = await lease.connection.stream(sql, params.values, params.types as DuckDBType[]);
    let batch: Record<string, JsonCell>[] = [];
    for await (const chunk of result) {
      for (const values of chunk.getRows()) {
        const row: Record<string, JsonCell> = {};
        values.forEach((value, i) => (row[names[i]] = toJsonCell(value, names[i])));
        batch.push(row);
        if (batch.length === batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    lease.release();
  }
}
