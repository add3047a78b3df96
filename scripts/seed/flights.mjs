// The flights data the demo is built from: vega-datasets' flights-3m.parquet (in node_modules;
// nothing is downloaded), or its first N rows for quick tries and tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../lib/paths.mjs';

export const FLIGHTS_3M = path.join(repoRoot, 'node_modules', 'vega-datasets', 'data', 'flights-3m.parquet');

/**
 * A Parquet file of the first `rows` flights (all of them when `rows` is undefined), and a
 * function that removes it when it is a temporary copy.
 */
export async function flightsFile(rows) {
  if (rows === undefined) return { path: FLIGHTS_3M, remove: () => undefined };
  const dir = mkdtempSync(path.join(tmpdir(), 'mlportal-seed-'));
  const file = path.join(dir, `flights-${rows}.parquet`);
  const { DuckDBInstance } = createRequire(path.join(repoRoot, 'server', 'package.json'))('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const connection = await instance.connect();
    // A plain scan keeps the file's row order (preserve_insertion_order is on by default), so
    // LIMIT takes the first rows: the earliest flights.
    await connection.run(
      `COPY (SELECT * FROM read_parquet('${sqlString(FLIGHTS_3M)}') LIMIT ${Number(rows)}) TO '${sqlString(file)}' (FORMAT parquet)`
    );
    connection.closeSync();
  } finally {
    instance.closeSync();
  }
  return { path: file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function sqlString(text) {
  return text.replaceAll("'", "''");
}
