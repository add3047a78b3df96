import { existsSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { BadRequestError } from '../../platform/errors';
import { openEngine, validateAndWrite, type Engine, type TableSchema } from './index';
import { parquetColumns, readParquet, writeParquet, writeText } from '../../testing/parquet-files';

const schema: TableSchema = {
  keys: [{ name: 'origin', type: 'string' }],
  eventTime: 'ts',
  features: [
    { name: 'delay', type: 'int64' },
    { name: 'share', type: 'float64' },
    { name: 'late', type: 'bool' },
    { name: 'seen', type: 'timestamp' }
  ]
};

let engine: Engine;
let dir: TempDir;
beforeAll(async () => {
  engine = await openEngine({ threads: 2, memoryLimit: '512MB' });
});
afterAll(async () => engine.close());
beforeEach(() => (dir = makeTempDir('engine-validate')));
afterEach(() => dir.remove());

const out = () => path.join(dir.path, 'out.parquet');

describe('validateAndWrite, CSV', () => {
  it('writes exactly the schema columns in order, typed, with the event-time range', async () => {
    const input = writeText(
      dir.path,
      'in.csv',
      [
        'seen,late,share,delay,ts,origin',
        '2001-01-01T00:00:00Z,true,0.5,12,2001-01-02 10:00:00,ABQ',
        ',false,,-3,2001-01-03T02:00:00+02:00,"LAX"',
        '2001-01-05,,1e-1,5.0,2001-01-01T00:00:00.250Z,SFO'
      ].join('\n')
    );
    const result = await validateAndWrite(engine, { input, format: 'csv', schema, output: out() });
    expect(result).toEqual({
      rows: 3,
      minEventTime: '2001-01-01T00:00:00.250Z',
      maxEventTime: '2001-01-03T00:00:00.000Z',
      problems: [],
      problemCount: 0
    });
    expect(await parquetColumns(out())).toEqual([
      ['origin', 'VARCHAR'],
      ['ts', 'TIMESTAMP'],
      ['delay', 'BIGINT'],
      ['share', 'DOUBLE'],
      ['late', 'BOOLEAN'],
      ['seen', 'TIMESTAMP']
    ]);
    expect(await readParquet(out())).toEqual([
      { origin: 'ABQ', ts: '2001-01-02T10:00:00.000Z', delay: 12, share: 0.5, late: true, seen: '2001-01-01T00:00:00.000Z' },
      { origin: 'LAX', ts: '2001-01-03T00:00:00.000Z', delay: -3, share: null, late: false, seen: null },
      { origin: 'SFO', ts: '2001-01-01T00:00:00.250Z', delay: 5, share: 0.1, late: null, seen: '2001-01-05T00:00:00.000Z' }
    ]);
  });

  it('names the data row, column, value and expected type of each bad value, and writes nothing', async () => {
    const input = writeText(
      dir.path,
      'in.csv',
      [
        'origin,ts,delay,share,late,seen',
        'ABQ,2001-01-01,1,0.1,true,2001-01-01', // row 1: fine
        'ABQ,2001-01-02,1.5,abc,maybe,yesterday', // row 2: four bad values
        ',2001-01-03,2,0.2,false,', // row 3: null key
        'LAX,,3,0.3,true,', // row 4: null event time
        'LAX,2001-01-04,9007199254740993,inf,t,' // row 5: beyond 2^53, not finite
      ].join('\n')
    );
    const result = await validateAndWrite(engine, { input, format: 'csv', schema, output: out() });
    expect(result.problemCount).toBe(8);
    expect(result.problems).toEqual([
      { row: 2, column: 'delay', reason: 'column "delay": "1.5" is not a valid int64 (a whole number)' },
      { row: 2, column: 'share', reason: 'column "share": "abc" is not a valid float64' },
      { row: 2, column: 'late', reason: 'column "late": "maybe" is not a valid bool (true/false)' },
      { row: 2, column: 'seen', reason: 'column "seen": "yesterday" is not a valid timestamp (ISO-8601, e.g. 2001-01-31T08:00:00Z)' },
      { row: 3, column: 'origin', reason: 'column "origin" is a join key (string) and may not be null' },
      { row: 4, column: 'ts', reason: 'column "ts" is the event time (timestamp) and may not be null' },
      {
        row: 5,
        column: 'delay',
        reason: 'column "delay": "9007199254740993" is an int64 beyond ±9007199254740991, the largest a JSON number carries exactly'
      },
      { row: 5, column: 'share', reason: 'column "share": "inf" is not a finite float64' }
    ]);
    expect(existsSync(out())).toBe(false);
  });

  it('reports a missing and an unexpected column once each, as row 0', async () => {
    const input = writeText(
      dir.path,
      'in.csv',
      'origin,ts,delay,share,late,extra\nABQ,2001-01-01,1,0.5,true,x\nABQ,2001-01-02,2,0.5,true,y\n'
    );
    const result = await validateAndWrite(engine, { input, format: 'csv', schema, output: out() });
    expect(result.problems).toEqual([
      { row: 0, column: 'seen', reason: 'missing column "seen" (timestamp, a feature)' },
      { row: 0, column: 'extra', reason: 'unexpected column "extra": the schema has no such column' }
    ]);
    expect(result.problemCount).toBe(2);
    expect(existsSync(out())).toBe(false);
  });

  it('counts data rows, not lines: a quoted newline does not shift the row numbers', async () => {
    const input = writeText(
      dir.path,
      'in.csv',
      'origin,ts,delay,share,late,seen\n"AB\nQ",2001-01-01,1,0.5,true,\nABQ,2001-01-02,x,0.5,true,\n'
    );
    const result = await validateAndWrite(engine, { input, format: 'csv', schema, output: out() });
    expect(result.problems).toEqual([{ row: 2, column: 'delay', reason: 'column "delay": "x" is not a valid int64 (a whole number)' }]);
  });

  it('reports rows that do not fit the header with their row numbers', async () => {
    const input = writeText(
      dir.path,
      'in.csv',
      'origin,ts,delay,share,late,seen\nABQ,2001-01-01,1,0.5,true,\nABQ,2001-01-02,2,0.5,true,,surplus\nABQ,2001-01-03\n'
    );
    const result = await validateAndWrite(engine, { input, format: 'csv', schema, output: out() });
    expect(result.problemCount).toBe(2);
    expect(result.problems.map((p) => p.row)).toEqual([2, 3]);
    expect(result.problems[0].reason).toMatch(
      /^the CSV row could not be read \(Expected Number of Columns: 6 Found: 7\): "ABQ,2001-01-02,2,0.5,true,,surplus"$/
    );
    expect(result.problems[1].reason).toMatch(/Expected Number of Columns: 6 Found: 2/);
    expect(existsSync(out())).toBe(false);
  });

  it('cuts long values to 80 characters', async () => {
    const long = 'x'.repeat(200);
    const input = writeText(dir.path, 'in.csv', `origin,ts,delay,share,late,seen\nABQ,2001-01-01,${long},0.5,true,\n`);
    const [problem] = (await validateAndWrite(engine, { input, format: 'csv', schema, output: out() })).problems;
    expect(problem.reason).toBe(`column "delay": "${'x'.repeat(80)}…" is not a valid int64 (a whole number)`);
  });

  it('lists the first 100 problems in row order and counts them all', async () => {
    const lines = ['origin,ts,delay,share,late,seen'];
    for (let i = 1; i <= 150; i++) lines.push(`ABQ,2001-01-01,bad${i},0.5,true,`);
    const input = writeText(dir.path, 'in.csv', lines.join('\n'));
    const result = await validateAndWrite(engine, { input, format: 'csv', schema, output: out() });
    expect(result.problemCount).toBe(150);
    expect(result.problems).toHaveLength(100);
    expect(result.problems.map((p) => p.row)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });
});

describe('validateAndWrite, NDJSON', () => {
  it('reads newline-delimited objects, numbers and strings alike, honouring zone offsets and names', async () => {
    const input = writeText(
      dir.path,
      'in.ndjson',
      [
        '{"origin":"ABQ","ts":"2001-01-01T00:00:00Z","delay":3,"share":0.25,"late":true,"seen":null}',
        '{"origin":"LAX","ts":"2001-01-02T00:00:00Z","delay":"4","share":1,"late":false,"seen":"2001-01-01T05:00:00-05:00"}',
        '{"origin":"SFO","ts":"2001-01-03 00:00:00 UTC","delay":5,"share":2,"late":true,"seen":"2001-01-01 10:00:00 America/New_York"}'
      ].join('\n')
    );
    const result = await validateAndWrite(engine, { input, format: 'ndjson', schema, output: out() });
    expect(result.problemCount).toBe(0);
    expect(await readParquet(out())).toEqual([
      { origin: 'ABQ', ts: '2001-01-01T00:00:00.000Z', delay: 3, share: 0.25, late: true, seen: null },
      { origin: 'LAX', ts: '2001-01-02T00:00:00.000Z', delay: 4, share: 1, late: false, seen: '2001-01-01T10:00:00.000Z' },
      { origin: 'SFO', ts: '2001-01-03T00:00:00.000Z', delay: 5, share: 2, late: true, seen: '2001-01-01T15:00:00.000Z' }
    ]);
  });

  it('names rows that are not objects, nested values, absent keys, keys never seen and unexpected keys', async () => {
    const input = writeText(
      dir.path,
      'in.ndjson',
      [
        '{"origin":"ABQ","ts":"2001-01-01","delay":1}',
        '[1,2]',
        '{"origin":{"code":"ABQ"},"ts":"2001-01-01","delay":true}',
        '{"ts":"2001-01-01","delay":2,"surprise":1}'
      ].join('\n')
    );
    const result = await validateAndWrite(engine, { input, format: 'ndjson', schema, output: out() });
    expect(result.problems).toEqual([
      { row: 0, column: 'share', reason: 'missing column "share" (float64, a feature)' },
      { row: 0, column: 'late', reason: 'missing column "late" (bool, a feature)' },
      { row: 0, column: 'seen', reason: 'missing column "seen" (timestamp, a feature)' },
      { row: 0, column: 'surprise', reason: 'unexpected column "surprise": the schema has no such column' },
      { row: 2, reason: 'the line is not a JSON object: "[1,2]"' },
      { row: 3, column: 'origin', reason: 'column "origin": "{\\"code\\":\\"ABQ\\"}" is a JSON object or array, not a string' },
      { row: 3, column: 'delay', reason: 'column "delay": "true" is not a valid int64 (a whole number)' },
      { row: 4, column: 'origin', reason: 'column "origin" is a join key (string) and may not be null' }
    ]);
    expect(result.problemCount).toBe(8);
    expect(existsSync(out())).toBe(false);
  });

  it('reports malformed JSON with its line', async () => {
    const input = writeText(dir.path, 'in.ndjson', '{"origin":"ABQ","ts":"2001-01-01"}\n{"origin" "ABQ"}\n{"origin":"LAX"}\n');
    const result = await validateAndWrite(engine, { input, format: 'ndjson', schema, output: out() });
    expect(result.problemCount).toBe(1);
    expect(result.problems[0].row).toBe(2);
    expect(result.problems[0].reason).toMatch(/^malformed JSON: /);
    expect(existsSync(out())).toBe(false);
  });
});

describe('validateAndWrite, Parquet', () => {
  it('casts typed columns to the schema and numbers rows in file order', async () => {
    const input = await writeParquet(
      path.join(dir.path, 'in.parquet'),
      `SELECT * FROM (VALUES
        ('ABQ', TIMESTAMP '2001-01-01 00:00:00', 1.0::DOUBLE, 1::INTEGER, 'true', DATE '2001-01-01'),
        ('ABQ', TIMESTAMP '2001-01-02 00:00:00', 2.5::DOUBLE, 2::INTEGER, 'false', NULL)
      ) t(origin, ts, delay, share, late, seen)`
    );
    const result = await validateAndWrite(engine, { input, format: 'parquet', schema, output: out() });
    expect(result.problems).toEqual([{ row: 2, column: 'delay', reason: 'column "delay": "2.5" is not a valid int64 (a whole number)' }]);

    const fixed = await writeParquet(
      path.join(dir.path, 'fixed.parquet'),
      `SELECT origin, ts, 7::INTEGER AS delay, share, late, seen FROM read_parquet('${input}')`
    );
    const written = await validateAndWrite(engine, { input: fixed, format: 'parquet', schema, output: out() });
    expect(written.problemCount).toBe(0);
    expect(await readParquet(out())).toEqual([
      { origin: 'ABQ', ts: '2001-01-01T00:00:00.000Z', delay: 7, share: 1, late: true, seen: '2001-01-01T00:00:00.000Z' },
      { origin: 'ABQ', ts: '2001-01-02T00:00:00.000Z', delay: 7, share: 2, late: false, seen: null }
    ]);
  });
});

describe('validateAndWrite, arguments', () => {
  it('refuses a schema with a bad name and a path DuckDB would glob', async () => {
    const input = writeText(dir.path, 'in.csv', 'a\n1\n');
    const bad = { ...schema, features: [{ name: 'Delay', type: 'int64' as const }] };
    await expect(validateAndWrite(engine, { input, format: 'csv', schema: bad, output: out() })).rejects.toThrow(BadRequestError);
    await expect(validateAndWrite(engine, { input: path.join(dir.path, '*.csv'), format: 'csv', schema, output: out() })).rejects.toThrow(
      /glob/
    );
  });
});
