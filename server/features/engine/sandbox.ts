/**
 * A throw-away DuckDB instance for SQL a user wrote. Before the user's SQL is seen, the instance
 * may touch exactly the listed files (allowed_paths with enable_external_access=false), knows the
 * named views and nothing else, loads no extension, and has its configuration locked, so the SQL
 * cannot read other files (read_csv, read_text, glob, ATTACH, COPY, replacement scans of
 * '/etc/passwd'…), reach the network, or switch any of that back on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, LIST, VARCHAR, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { ident, literal } from './names';
import { instanceConfig, type InstanceSettings } from './settings';

export interface SandboxSpec {
  /** View name → the Parquet files it reads. */
  views: Record<string, string[]>;
  /** Files the sandbox may also read or write (the output). */
  extraPaths: string[];
}

export async function withSandbox<T>(
  settings: InstanceSettings,
  spec: SandboxSpec,
  work: (connection: DuckDBConnection) => Promise<T>
): Promise<T> {
  // Each instance spills into its own folder: two instances must never share temp file names.
  const spillDir = mkdtempSync(path.join(settings.spillDir, 'sandbox-'));
  const instance = await DuckDBInstance.create(':memory:', instanceConfig({ ...settings, spillDir }));
  try {
    const connection = await instance.connect();
    try {
      await prepare(connection, spec);
      return await work(connection);
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
    rmSync(spillDir, { recursive: true, force: true });
  }
}

async function prepare(connection: DuckDBConnection, spec: SandboxSpec): Promise<void> {
  const files = [...new Set([...Object.values(spec.views).flat(), ...spec.extraPaths])];
  await connection.run("SET GLOBAL TimeZone = 'UTC'");
  await connection.run('SET allowed_paths = $1', [listValue(files)], [LIST(VARCHAR)]);
  await connection.run('SET enable_external_access = false');
  for (const [name, paths] of Object.entries(spec.views)) {
    // A view body takes no parameters: the paths go in as quoted literals (checked by filePath before).
    const list = `[${paths.map(literal).join(', ')}]`;
    await connection.run(`CREATE VIEW ${ident(name, 'table')} AS SELECT * FROM read_parquet(${list}, union_by_name = true)`);
  }
  await connection.run('SET lock_configuration = true');
}
