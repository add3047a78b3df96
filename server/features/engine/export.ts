/**
 * exportFile: a Parquet file (a training set, a preview) rewritten as CSV with a header, a JSON
 * array of row objects, or Parquet. In CSV and JSON, timestamps are ISO-8601 UTC strings and
 * non-finite floats are null, so the JSON is valid and reads back the way the API returns it.
 */
import { BadRequestError } from '../../platform/errors';
import { featureTypeOf, isoTimestampSql } from './column-types';
import type { Engine } from './engine';
import { filePath } from './names';
import { describe, execute, Params } from './sql';

export type ExportFormat = 'csv' | 'json' | 'parquet';

export interface ExportArgs {
  file: string;
  format: ExportFormat;
  output: string;
}

const COPY_OPTIONS: Record<ExportFormat, string> = {
  csv: 'FORMAT csv, HEADER true',
  json: 'FORMAT json, ARRAY true',
  parquet: 'FORMAT parquet'
};

export async function exportFile(engine: Engine, args: ExportArgs): Promise<void> {
  const file = filePath(args.file, 'file');
  const output = filePath(args.output, 'output');
  const options = COPY_OPTIONS[args.format];
  if (!options) throw new BadRequestError(`format: ${JSON.stringify(args.format)} is not one of csv, json, parquet`);
  await engine.withConnection(async (connection) => {
    const probe = new Params();
    const columns = await describe(connection, `SELECT * FROM read_parquet(${probe.add(file)})`, probe);
    const select = columns.map(({ name, duckType }) => {
      const column = `"${name.replaceAll('"', '""')}"`;
      if (args.format === 'parquet') return column;
      const type = featureTypeOf(duckType);
      if (type === 'timestamp') return `${isoTimestampSql(column)} AS ${column}`;
      if (type === 'float64') return `CASE WHEN isfinite(${column}) THEN ${column} END AS ${column}`;
      return column;
    });
    const params = new Params();
    const source = `read_parquet(${params.add(file)})`;
    await execute(connection, `COPY (SELECT ${select.join(', ')} FROM ${source}) TO ${params.add(output)} (${options})`, params);
  });
}
