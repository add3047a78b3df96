import path from 'node:path';
import { BadRequestError } from '../../platform/errors';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { openEngine, runTransform, type Engine } from './index';
import { readParquet, writeParquet } from '../../testing/parquet-files';

let engine: Engine;
let dir: TempDir;
let flights: string;
let secret: string;
beforeAll(async () => {
  engine = await openEngine({ threads: 2, memoryLimit: '512MB' });
});
afterAll(async () => engine.close());
beforeEach(async () => {
  dir = makeTempDir('engine-transform');
  flights = await writeParquet(
    path.join(dir.path, 'flights.parquet'),
    `SELECT origin, CAST(ts AS TIMESTAMP) AS ts, delay FROM (VALUES
      ('ABQ', '2001-01-01 08:00:00', 10), ('ABQ', '2001-01-02 08:00:00', 20),
      ('ABQ', '2001-01-09 08:00:00', 30), ('LAX', '2001-01-01 09:00:00', 5)) t(origin, ts, delay)`
  );
  // A readable file the transform is not given: it must stay out of reach.
  secret = await writeParquet(path.join(dir.path, 'secret.parquet'), `SELECT 'do not read' AS secret`);
});
afterEach(() => dir.remove());

const out = () => path.join(dir.path, 'out.parquet');

describe('runTransform', () => {
  it('runs a windowed SELECT over the named tables and writes typed Parquet', async () => {
    const sql = `
      WITH daily AS (SELECT origin, date_trunc('day', ts) AS day, avg(delay) AS mean_delay FROM flights GROUP BY ALL)
      SELECT origin, day + INTERVAL 1 DAY AS ts,
             avg(mean_delay) OVER (PARTITION BY origin ORDER BY day RANGE BETWEEN INTERVAL 6 DAYS PRECEDING AND CURRENT ROW) AS delay_7d,
             count(*) OVER (PARTITION BY origin ORDER BY day RANGE BETWEEN INTERVAL 6 DAYS PRECEDING AND CURRENT ROW)::INTEGER AS days
      FROM daily ORDER BY origin, ts;`;
    const result = await runTransform(engine, { sql, tables: { flights: [flights] }, output: out() });
    expect(result).toEqual({
      rows: 4,
      columns: [
        { name: 'origin', type: 'string' },
        { name: 'ts', type: 'timestamp' },
        { name: 'delay_7d', type: 'float64' },
        { name: 'days', type: 'int64' }
      ]
    });
    // 01-09's 7-day window (01-03..01-09) holds only itself: the earlier days are older than 6 days.
    expect(await readParquet(out())).toEqual([
      { origin: 'ABQ', ts: '2001-01-02T00:00:00.000Z', delay_7d: 10, days: 1 },
      { origin: 'ABQ', ts: '2001-01-03T00:00:00.000Z', delay_7d: 15, days: 2 },
      { origin: 'ABQ', ts: '2001-01-10T00:00:00.000Z', delay_7d: 30, days: 1 },
      { origin: 'LAX', ts: '2001-01-02T00:00:00.000Z', delay_7d: 5, days: 1 }
    ]);
  });

  it('replaces an output that already exists', async () => {
    await runTransform(engine, { sql: 'SELECT 1 AS a', tables: { flights: [flights] }, output: out() });
    await runTransform(engine, { sql: 'SELECT 2 AS a', tables: { flights: [flights] }, output: out() });
    expect(await readParquet(out())).toEqual([{ a: 2 }]);
  });

  it.each([
    ['COPY', `COPY (SELECT * FROM flights) TO '/tmp/x.csv'`],
    ['ATTACH', `ATTACH '/tmp/x.db'`],
    ['SET', `SET enable_external_access = true`],
    ['INSERT', `INSERT INTO flights VALUES ('x', now(), 1)`],
    ['CREATE', `CREATE TABLE t AS SELECT 1`],
    ['PRAGMA', `PRAGMA version`],
    ['INSTALL', `INSTALL httpfs`]
  ])('refuses a %s statement before running anything', async (_what, sql) => {
    await expect(runTransform(engine, { sql, tables: { flights: [flights] }, output: out() })).rejects.toThrow(
      /only a single SELECT statement/
    );
  });

  it('refuses two statements', async () => {
    await expect(
      runTransform(engine, { sql: 'SELECT 1 AS a; SELECT 2 AS b', tables: { flights: [flights] }, output: out() })
    ).rejects.toThrow(/exactly one SELECT statement is accepted, found 2/);
  });

  it.each([
    ['read_parquet of another file', (f: string) => `SELECT * FROM read_parquet('${f}')`],
    ['a replacement scan of another file', (f: string) => `SELECT * FROM '${f}'`],
    ['read_csv', () => `SELECT * FROM read_csv('/etc/passwd')`],
    ['read_text', () => `SELECT * FROM read_text('/etc/hostname')`],
    ['glob', () => `SELECT * FROM glob('/etc/*')`],
    ['query() smuggling a read', (f: string) => `SELECT * FROM query('SELECT * FROM read_parquet(''${f}'')')`],
    ['a remote URL', () => `SELECT * FROM read_parquet('https://example.com/x.parquet')`]
  ])('keeps %s out of reach', async (_what, sql) => {
    const attempt = runTransform(engine, { sql: sql(secret), tables: { flights: [flights] }, output: out() });
    await expect(attempt).rejects.toThrow(BadRequestError);
    await expect(attempt).rejects.toThrow(/off limits|does not exist/);
  });

  it('refuses a file by where it lies, not by how the SQL reads it', async () => {
    // The same read_parquet call works on a file the transform was given.
    const result = await runTransform(engine, {
      sql: `SELECT count(*) AS n FROM read_parquet('${flights}')`,
      tables: { flights: [flights] },
      output: out()
    });
    expect(result.rows).toBe(1);
    const attempt = runTransform(engine, { sql: `SELECT * FROM read_parquet('${secret}')`, tables: { flights: [flights] }, output: out() });
    await expect(attempt).rejects.toThrow(/may read only its named tables.*Permission Error/s);
  });

  it('names unknown tables, bad result names and types the store cannot hold', async () => {
    const run = (sql: string) => runTransform(engine, { sql, tables: { flights: [flights] }, output: out() });
    await expect(run('SELECT * FROM planes')).rejects.toThrow(/the transform failed: .*planes/);
    await expect(run('SELECT delay AS "Delay" FROM flights')).rejects.toThrow(/"Delay" is not a valid name/);
    await expect(run('SELECT [delay] AS delays FROM flights')).rejects.toThrow(/"delays" has type INTEGER\[\]/);
    await expect(run('SELEC 1')).rejects.toThrow(/could not be parsed/);
  });

  it('stops a query that runs past its time limit', async () => {
    const sql = 'SELECT count(*) AS n FROM range(100000000000) a';
    await expect(runTransform(engine, { sql, tables: { flights: [flights] }, output: out(), timeoutMs: 200 })).rejects.toThrow(
      /longer than 200 ms/
    );
  });

  it('refuses table names that break the name rule', async () => {
    await expect(runTransform(engine, { sql: 'SELECT 1 AS a', tables: { 'Bad Name': [flights] }, output: out() })).rejects.toThrow(
      /is not a valid name/
    );
  });
});
