/** The data-dir lock within one process; across processes (and kill -9) see server/startup-lock.test.ts. */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { dataDirIsLocked, DataDirInUseError, lockDataDir } from './lock';
import { isOfStart, removeOtherStarts, startScopedDir, tempName } from './temp-files';

let dir: TempDir;
beforeEach(() => (dir = makeTempDir('data-dir-lock')));
afterEach(() => dir.remove());

describe('lockDataDir', () => {
  it('refuses a second holder with a message naming the directory, until the first releases it', () => {
    const first = lockDataDir(dir.path);
    try {
      expect(dataDirIsLocked(dir.path)).toBe(true);
      expect(() => lockDataDir(dir.path)).toThrow(DataDirInUseError);
      expect(() => lockDataDir(path.join(dir.path, '.'))).toThrow(`the data directory ${dir.path} is in use by another mlportal backend`);
    } finally {
      first.release();
    }
    first.release();
    expect(dataDirIsLocked(dir.path)).toBe(false);
    const second = lockDataDir(dir.path);
    expect(second.startId).toMatch(/^[0-9a-f]{16}$/);
    expect(second.startId).not.toBe(first.startId);
    second.release();
  });

  it('creates a missing data directory', () => {
    const nested = path.join(dir.path, 'a', 'b');
    const lock = lockDataDir(nested);
    expect(lock.dataDir).toBe(nested);
    expect(existsSync(path.join(nested, 'lock.db'))).toBe(true);
    lock.release();
  });
});

describe('temp files of a start', () => {
  it('removes every entry that does not carry the start id, files and folders alike', async () => {
    const startId = 'aaaaaaaaaaaaaaaa';
    mkdirSync(path.join(dir.path, 'old-folder'));
    for (const name of [
      tempName(startId, '.part'),
      tempName('bbbbbbbbbbbbbbbb', '.part'),
      `${process.pid}-x.part`,
      '1-x.part',
      'no-id-at-all'
    ]) {
      writeFileSync(path.join(dir.path, name), 'x');
    }
    expect(await removeOtherStarts(dir.path, startId)).toBe(5);
    expect(readdirSync(dir.path)).toEqual([expect.stringMatching(/^a{16}-[0-9a-f-]{36}\.part$/)]);
    expect(isOfStart(`${startId}x`, startId)).toBe(false);
    expect(await removeOtherStarts(path.join(dir.path, 'missing'), startId)).toBe(0);
  });

  it('gives a start its own folder under a parent, clearing the earlier starts there', async () => {
    mkdirSync(path.join(dir.path, 'spill', 'cccccccccccccccc', 'mlportal-duckdb-x'), { recursive: true });
    const own = await startScopedDir(path.join(dir.path, 'spill'), 'dddddddddddddddd');
    expect(own).toBe(path.join(dir.path, 'spill', 'dddddddddddddddd'));
    expect(readdirSync(path.join(dir.path, 'spill'))).toEqual(['dddddddddddddddd']);
  });
});
