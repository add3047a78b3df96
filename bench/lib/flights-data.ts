/** Inputs the features suite derives from flights-3m.parquet with DuckDB: entity rows and keys. */
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export const FLIGHTS_3M = path.resolve(__dirname, '..', '..', 'node_modules', 'vega-datasets', 'data', 'flights-3m.parquet');

async function withDuckDb<T>(task: (run: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await task(async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * A Parquet file of `rows` flights drawn from all six months (a fixed-seed sample), as a training
 * set's entity rows: origin, destination, the flight's time `date`, and its delay as the label.
 */
export async function writeEntityRows(file: string, rows: number): Promise<void> {
  await withDuckDb((run) =>
    run(
      `COPY (SELECT origin, destination, "date", delay FROM read_parquet(${quoted(FLIGHTS_3M)}) USING SAMPLE reservoir(${rows} ROWS) REPEATABLE (42)) ` +
        `TO ${quoted(file)} (FORMAT parquet)`
    )
  );
}

/** The `count` busiest routes among the first `flights` flights. */
export async function busiestRoutes(count: number, flights: number | undefined): Promise<Array<{ origin: string; destination: string }>> {
  const source =
    flights === undefined ? `read_parquet(${quoted(FLIGHTS_3M)})` : `(SELECT * FROM read_parquet(${quoted(FLIGHTS_3M)}) LIMIT ${flights})`;
  return withDuckDb(async (run) =>
    (
      await run(`SELECT origin, destination, count(*) AS n FROM ${source} GROUP BY ALL ORDER BY n DESC, origin, destination LIMIT ${count}`)
    ).map((r) => ({
      origin: String(r.origin),
      destination: String(r.destination)
    }))
  );
}
