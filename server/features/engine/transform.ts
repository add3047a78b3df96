/**
 * runTransform: a user's SELECT over named views of Parquet files, written to Parquet.
 * The SQL is parsed first (json_serialize_sql accepts exactly SELECT statements, WITH included), so
 * anything else is refused with a clear error before it runs; it then runs in a sandbox instance
 * (sandbox.ts) that can reach only the named files and the output.
 */
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { BadRequestError } from '../../platform/errors';
import { featureTypeOf, SQL_TYPE, toSqlType } from './column-types';
import type { Engine } from './engine';
import { messageOf } from './error-text';
import { toSafeNumber } from './json-values';
import { checkName, checkUnique, filePath, filePaths, ident } from './names';
import { describe, execute, Params, queryRows } from './sql';
import { checkTransformTree } from './sql-guard';
import type { ColumnSpec } from './types';

export interface TransformArgs {
  sql: string;
  /** View name → its Parquet files. */
  tables: Record<string, string[]>;
  output: string;
  /** Interrupt the query after this long (default 10 minutes). */
  timeoutMs?: number;
}

export interface TransformResult {
  rows: number;
  columns: ColumnSpec[];
}

const MAX_SQL_CHARS = 100_000;
const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
const RESULT_VIEW = 'mlp_transform_result';

export async function runTransform(engine: Engine, args: TransformArgs): Promise<TransformResult> {
  const { sql, tree } = await checkedSelect(engine, args.sql);
  const views = checkedTables(args.tables);
  checkTransformTree(tree, Object.keys(views));
  const output = filePath(args.output, 'output');
  const timeoutMs = args.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return engine.withSandbox({ views, extraPaths: [output] }, async (connection) => {
    const timer = setTimeout(() => connection.interrupt(), timeoutMs);
    try {
      return await transform(connection, sql, output);
    } catch (err) {
      throw userSqlError(err, timeoutMs, serverPaths(views, output, engine.settings.spillDir));
    } finally {
      clearTimeout(timer);
    }
  });
}

async function transform(connection: DuckDBConnection, sql: string, output: string): Promise<TransformResult> {
  // prepare() takes one statement only, a second guard beside the parse check.
  const create = await connection.prepare(`CREATE TEMP VIEW ${RESULT_VIEW} AS ${sql}`);
  await create.run();
  const described = await describe(connection, `SELECT * FROM ${RESULT_VIEW}`);
  const columns = described.map(({ name, duckType }) => {
    checkName(name, 'the transform result column');
    const type = featureTypeOf(duckType);
    if (!type)
      throw new BadRequestError(
        `the transform result column "${name}" has type ${duckType}; cast it to one of ${Object.values(SQL_TYPE).join(', ')}`
      );
    return { name, type, duckType };
  });
  checkUnique(
    columns.map((c) => c.name),
    'the transform result'
  );
  const params = new Params();
  const select = columns.map((c) => `${toSqlType(ident(c.name), c.duckType, c.type)} AS ${ident(c.name)}`).join(', ');
  // Straight to the output: the sandbox may not write the temporary sibling DuckDB would use when it exists.
  await execute(
    connection,
    `COPY (SELECT ${select} FROM ${RESULT_VIEW}) TO ${params.add(output)} (FORMAT parquet, USE_TMP_FILE false)`,
    params
  );
  const count = new Params();
  const [{ n }] = await queryRows(connection, `SELECT count(*) AS n FROM read_parquet(${count.add(output)})`, count);
  return { rows: toSafeNumber(n, 'row count'), columns: columns.map(({ name, type }) => ({ name, type })) };
}

/** Parses `sql` without running it: exactly one SELECT (or WITH … SELECT) statement, or a BadRequestError saying why not. */
async function checkedSelect(engine: Engine, sql: unknown): Promise<{ sql: string; tree: unknown }> {
  if (typeof sql !== 'string' || sql.trim() === '') throw new BadRequestError('sql: a SELECT statement is required');
  if (sql.length > MAX_SQL_CHARS) throw new BadRequestError(`sql: longer than ${MAX_SQL_CHARS} characters`);
  if (sql.includes('\0')) throw new BadRequestError('sql: holds a NUL character');
  const parsed = await engine.withConnection(async (connection) => {
    const params = new Params();
    const [row] = await queryRows(connection, `SELECT json_serialize_sql(CAST(${params.add(sql)} AS VARCHAR)) AS tree`, params);
    return JSON.parse(String(row.tree)) as { error: boolean; error_message?: string; statements?: unknown[] };
  });
  if (parsed.error) {
    const message = parsed.error_message ?? 'unknown parse error';
    if (/only select statements/i.test(message)) {
      throw new BadRequestError(
        'sql: only a single SELECT statement (WITH … SELECT included) is accepted; no COPY, ATTACH, SET, PRAGMA, INSERT or DDL'
      );
    }
    throw new BadRequestError(`sql: could not be parsed: ${message}`);
  }
  const count = parsed.statements?.length ?? 0;
  if (count !== 1) throw new BadRequestError(`sql: exactly one SELECT statement is accepted, found ${count}`);
  return { sql: sql.trim().replace(/;\s*$/, ''), tree: parsed.statements };
}

function checkedTables(tables: unknown): Record<string, string[]> {
  if (!tables || typeof tables !== 'object' || Array.isArray(tables))
    throw new BadRequestError('tables: a map of table name → Parquet files is required');
  const views: Record<string, string[]> = {};
  for (const [name, files] of Object.entries(tables as Record<string, unknown>)) {
    views[checkName(name, 'table')] = filePaths(files, `tables.${name}`);
  }
  return views;
}

/** The server's paths a transform's error could quote, longest first, each with what to say instead. */
function serverPaths(views: Record<string, string[]>, output: string, spillDir: string): Array<[string, string]> {
  const files = Object.entries(views).flatMap(([name, paths]) => paths.map((p): [string, string] => [p, `<${name}>`]));
  const folders = [...new Set([output, spillDir, ...files.map(([p]) => p)].map((p) => path.dirname(p)))].map((p): [string, string] => [
    p,
    '<data>'
  ]);
  return [...files, [output, '<output>'] as [string, string], [spillDir, '<temp>'] as [string, string], ...folders].sort(
    (a, b) => b[0].length - a[0].length
  );
}

/** Errors from the user's SQL are the user's to fix: a BadRequestError carrying DuckDB's words. */
function userSqlError(err: unknown, timeoutMs: number, paths: Array<[string, string]>): unknown {
  const raw = messageOf(err);
  if (raw === null || err instanceof BadRequestError) return err;
  // DuckDB's words may quote a view's definition or a file it read: never the server's folders (see sql-guard.ts).
  const message = paths.reduce((text, [serverPath, label]) => text.split(serverPath).join(label), raw);
  if (/interrupt/i.test(message))
    return new BadRequestError(`the transform ran longer than ${timeoutMs} ms and was stopped`, undefined, 'transform_timeout');
  if (/Permission Error|disabled by configuration/i.test(message)) {
    return new BadRequestError(
      `the transform may read only its named tables; files, network and extensions are off limits: ${message}`,
      undefined,
      'transform_forbidden'
    );
  }
  return new BadRequestError(`the transform failed: ${message}`, undefined, 'transform_failed');
}
