/**
 * A transform's SQL cannot read where the server keeps things: the settings (temp_directory,
 * allowed_paths…), the catalog (each view's Parquet paths) and the environment are refused before
 * the SQL runs, with a 400 naming what is off limits, and no error quotes a server path.
 */
import path from 'node:path';
import { BadRequestError } from '../../platform/errors';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { readParquet, writeParquet } from '../../testing/parquet-files';
import { openEngine, runTransform, type Engine } from './index';

let dir: TempDir;
let engine: Engine;
let flights: string;
beforeAll(async () => {
  dir = makeTempDir('sql-guard');
  engine = await openEngine({ threads: 1, memoryLimit: '256MB', tempDir: dir.path, allowedDirectories: [dir.path] });
  flights = await writeParquet(path.join(dir.path, 'flights.parquet'), `SELECT 'ABQ' AS origin, 10 AS delay`);
});
afterAll(async () => {
  await engine.close();
  dir.remove();
});

const transform = (sql: string) =>
  runTransform(engine, { sql, tables: { flights: [flights] }, output: path.join(dir.path, 'out.parquet') });

async function refusal(sql: string): Promise<BadRequestError> {
  const error = await transform(sql).then(
    () => undefined,
    (err: unknown) => err
  );
  expect(error).toBeInstanceOf(BadRequestError);
  return error as BadRequestError;
}

describe('the transform sandbox hides the server', () => {
  it.each([
    ['duckdb_settings()', `SELECT name, value FROM duckdb_settings()`],
    ["current_setting('temp_directory')", `SELECT current_setting('temp_directory') AS v`],
    ["current_setting('allowed_paths')", `SELECT CAST(current_setting('allowed_paths') AS VARCHAR) AS v`],
    ['a setting inside a subquery', `SELECT * FROM flights WHERE origin IN (SELECT current_setting('secret_directory'))`],
    ['duckdb_views()', `SELECT sql FROM duckdb_views()`],
    ['duckdb_databases()', `SELECT path FROM duckdb_databases()`],
    ['information_schema.views', `SELECT view_definition FROM information_schema.views`],
    ['pg_catalog.pg_views', `SELECT definition FROM pg_catalog.pg_views`],
    ['pg_get_viewdef', `SELECT CAST(pg_get_viewdef(1) AS VARCHAR) AS v`],
    ['getenv', `SELECT getenv('HOME') AS v`],
    ['getvariable', `SELECT CAST(getvariable('x') AS VARCHAR) AS v`],
    ['query() smuggling a catalog read', `SELECT * FROM query('SELECT * FROM duckdb_settings()')`],
    ['parquet_metadata of its own file', (f: string) => `SELECT file_name FROM parquet_metadata('${f}')`]
  ])('refuses %s with transform_forbidden', async (_what, sql) => {
    const error = await refusal(typeof sql === 'string' ? sql : sql(flights));
    expect(error.code).toBe('transform_forbidden');
    expect(error.message).toMatch(/off limits/);
    expect(error.message).not.toContain(dir.path);
  });

  it.each([
    ['sqlite_master', `SELECT sql FROM sqlite_master`],
    ['the duckdb_settings view', `SELECT * FROM duckdb_settings`],
    ['pg_views', `SELECT definition FROM pg_views`]
  ])('refuses %s as a table it does not have', async (_what, sql) => {
    const error = await refusal(sql);
    expect(error.code).toBe('transform_failed');
    expect(error.message).toMatch(/there is no table/);
  });

  it("never quotes a server path in DuckDB's own errors", async () => {
    const error = await refusal(`SELECT * FROM read_parquet('${path.join(dir.path, 'missing.parquet')}')`);
    expect(error.message).not.toContain(dir.path);
  });

  it('still runs SQL that uses its tables, its CTEs, range and unnest', async () => {
    const result = await transform(`
      WITH d AS (SELECT origin, delay FROM flights), r AS (SELECT * FROM range(2) t(i))
      SELECT d.origin, CAST(d.delay + r.i AS BIGINT) AS delay, CAST(unnest([1]) AS BIGINT) AS one FROM d, r ORDER BY delay`);
    expect(result.rows).toBe(2);
    expect(await readParquet(path.join(dir.path, 'out.parquet'))).toEqual([
      { origin: 'ABQ', delay: 10, one: 1 },
      { origin: 'ABQ', delay: 11, one: 1 }
    ]);
  });
});
