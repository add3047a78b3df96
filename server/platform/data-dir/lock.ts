/**
 * One backend per data directory, proved by an OS lock rather than a pid file: a pid can be reused,
 * and in a container the backend is always pid 1, so "is that pid alive?" says nothing.
 *
 * The lock is SQLite's own exclusive lock on <dataDir>/lock.db (a POSIX advisory lock): in
 * EXCLUSIVE locking mode a connection that has written keeps its lock until it closes, and the
 * kernel drops it when the process dies, kill -9 included. SQLite also coordinates the connections
 * of one process, so a second lock taken in the same process is refused as well.
 *
 * Never open lock.db with anything but SQLite while the lock is held: closing any other handle of
 * the file in this process would silently drop this process's POSIX lock on it.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export const LOCK_FILE = 'lock.db';

export interface DataDirLock {
  /** Absolute. */
  readonly dataDir: string;
  /** Random, new at every start: temp files carry it, and those that do not are leftovers of an earlier start. */
  readonly startId: string;
  /** Lets another backend take the directory; idempotent. */
  release(): void;
}

export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `the data directory ${dataDir} is in use by another mlportal backend (or a restore): it holds the lock on ${path.join(dataDir, LOCK_FILE)}. ` +
        'Stop that backend first, or give this one its own directory with MLPORTAL_DATA_DIR.'
    );
    this.name = 'DataDirInUseError';
  }
}

/** Takes the data directory (creating it, mode 0700, when missing); throws DataDirInUseError when someone holds it. */
export function lockDataDir(dataDir: string): DataDirLock {
  const dir = path.resolve(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // timeout 0: a held lock is an answer, not something to wait out.
  const db = new Database(path.join(dir, LOCK_FILE), { timeout: 0 });
  const startId = randomBytes(8).toString('hex');
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // The write takes the exclusive lock; EXCLUSIVE locking mode keeps it after the commit.
    db.exec(
      'CREATE TABLE IF NOT EXISTS holder (one INTEGER PRIMARY KEY CHECK (one = 1), start_id TEXT NOT NULL, started_at TEXT NOT NULL)'
    );
    db.prepare('INSERT OR REPLACE INTO holder (one, start_id, started_at) VALUES (1, ?, ?)').run(startId, new Date().toISOString());
  } catch (err) {
    db.close();
    if (isBusy(err)) throw new DataDirInUseError(dir);
    throw err;
  }
  let released = false;
  return {
    dataDir: dir,
    startId,
    release() {
      if (released) return;
      released = true;
      db.close();
    }
  };
}

/** Whether a backend (or anything else) holds the lock now; takes and releases it to find out. */
export function dataDirIsLocked(dataDir: string): boolean {
  try {
    lockDataDir(dataDir).release();
    return false;
  } catch (err) {
    if (err instanceof DataDirInUseError) return true;
    throw err;
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
