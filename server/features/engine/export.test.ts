import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { exportFile, openEngine, type Engine } from './index';
import { readParquet, writeParquet } from '../../testing/parquet-files';

let engine: Engine;
let dir: TempDir;
let file: string;
beforeAll(async () => {
  engine = await openEngine({ threads: 2, memoryLimit: '512MB' });
});
afterAll(async () => engine.close());
beforeEach(async () => {
  dir = makeTempDir('engine-export');
  file = await writeParquet(
    path.join(dir.path, 'set.parquet'),
    `SELECT * FROM (VALUES
      ('ABQ', TIMESTAMP '2001-01-02 03:04:05.678', CAST(12 AS BIGINT), CAST(0.5 AS DOUBLE), true),
      ('LAX', TIMESTAMP '2001-01-03 00:00:00', NULL, CAST('NaN' AS DOUBLE), NULL)) t(origin, "at", delay, share, late)`
  );
});
afterEach(() => dir.remove());

describe('exportFile', () => {
  it('writes a JSON array of rows with ISO timestamps and null for non-finite floats', async () => {
    const output = path.join(dir.path, 'set.json');
    await exportFile(engine, { file, format: 'json', output });
    expect(JSON.parse(readFileSync(output, 'utf8'))).toEqual([
      { origin: 'ABQ', at: '2001-01-02T03:04:05.678Z', delay: 12, share: 0.5, late: true },
      { origin: 'LAX', at: '2001-01-03T00:00:00.000Z', delay: null, share: null, late: null }
    ]);
  });

  it('writes CSV with a header', async () => {
    const output = path.join(dir.path, 'set.csv');
    await exportFile(engine, { file, format: 'csv', output });
    expect(readFileSync(output, 'utf8').trim().split('\n')).toEqual([
      'origin,at,delay,share,late',
      'ABQ,2001-01-02T03:04:05.678Z,12,0.5,true',
      'LAX,2001-01-03T00:00:00.000Z,,,'
    ]);
  });

  it('copies Parquet as it is', async () => {
    const output = path.join(dir.path, 'copy.parquet');
    await exportFile(engine, { file, format: 'parquet', output });
    expect(await readParquet(output)).toEqual(await readParquet(file));
  });
});
