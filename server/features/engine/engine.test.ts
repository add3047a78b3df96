import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { BadRequestError } from '../../platform/errors';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { openEngine, validateAndWrite, type TableSchema } from './index';
import { writeText } from '../../testing/parquet-files';

let dir: TempDir;
beforeEach(() => (dir = makeTempDir('engine-open')));
afterEach(() => dir.remove());

const schema: TableSchema = { keys: [{ name: 'k', type: 'string' }], eventTime: 'ts', features: [{ name: 'v', type: 'int64' }] };

describe('openEngine', () => {
  it('refuses limits it cannot use', async () => {
    await expect(openEngine({ memoryLimit: 'lots' })).rejects.toThrow(BadRequestError);
    await expect(openEngine({ threads: 0 })).rejects.toThrow(/threads must be an integer/);
  });

  it('runs in UTC with its configuration locked and no extension autoloading', async () => {
    const engine = await openEngine({ threads: 1, memoryLimit: '256MB', tempDir: dir.path });
    try {
      const settings = await engine.withConnection(async (c) =>
        (
          await c.runAndReadAll(
            `SELECT current_setting('TimeZone') AS tz, current_setting('autoload_known_extensions') AS autoload, current_setting('memory_limit') AS mem`
          )
        ).getRowObjectsJson()
      );
      expect(settings).toEqual([{ tz: 'UTC', autoload: false, mem: expect.stringMatching(/MiB$/) }]);
      await expect(engine.withConnection((c) => c.run('SET autoload_known_extensions = true'))).rejects.toThrow(/locked/);
      await expect(engine.withConnection((c) => c.run(`SELECT * FROM read_parquet('https://example.com/x.parquet')`))).rejects.toThrow(
        /httpfs/
      );
    } finally {
      await engine.close();
    }
  });

  it('spills into a folder of its own under tempDir and removes it on close', async () => {
    const engine = await openEngine({ threads: 1, tempDir: dir.path });
    expect(engine.settings.spillDir.startsWith(path.join(dir.path, 'mlportal-duckdb-'))).toBe(true);
    expect(existsSync(engine.settings.spillDir)).toBe(true);
    await engine.close();
    expect(existsSync(engine.settings.spillDir)).toBe(false);
    await expect(engine.withConnection(async () => 1)).rejects.toThrow(/closed/);
  });

  it('with allowedDirectories, touches files only under them', async () => {
    const allowed = path.join(dir.path, 'allowed');
    const elsewhere = path.join(dir.path, 'elsewhere');
    mkdirSync(allowed);
    mkdirSync(elsewhere);
    const csv = 'k,ts,v\na,2001-01-01,1\n';
    const engine = await openEngine({ threads: 1, tempDir: dir.path, allowedDirectories: [allowed] });
    try {
      const inside = writeText(allowed, 'in.csv', csv);
      const outside = writeText(elsewhere, 'in.csv', csv);
      const ok = await validateAndWrite(engine, { input: inside, format: 'csv', schema, output: path.join(allowed, 'out.parquet') });
      expect(ok.rows).toBe(1);
      await expect(
        validateAndWrite(engine, { input: outside, format: 'csv', schema, output: path.join(allowed, 'o2.parquet') })
      ).rejects.toThrow(/Permission Error/);
      await expect(
        validateAndWrite(engine, { input: inside, format: 'csv', schema, output: path.join(elsewhere, 'out.parquet') })
      ).rejects.toThrow(/Permission Error/);
      expect(existsSync(path.join(elsewhere, 'out.parquet'))).toBe(false);
    } finally {
      await engine.close();
    }
  });
});
