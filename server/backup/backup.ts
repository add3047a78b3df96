/**
 * `npm run backup -- <target dir>`: a copy of a data directory that a backend may be using.
 *
 * The documents are copied first (SQLite's online backup API, a consistent snapshot even while the
 * backend writes; or mongodump), the files after: every file is written before the record that names
 * it, and files are never changed once in place, so each record of the snapshot finds its file. A file
 * written after the snapshot is an orphan the next start ignores or removes (features/recovery.ts); a
 * file deleted during the backup may be missing for a record deleted at the same time.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Config } from '../config';
import { copyHashed, hashFile, isEmptyDir, isWithin, stateFiles, type CopiedFile } from './files';
import { BackupError, DATA_FOLDER, writeManifest, type Manifest } from './manifest';
import { dumpDatabase, requireTool } from './mongo-tools';

const MONGO_ARCHIVE = 'mongodb.archive.gz';

export interface BackupReport {
  target: string;
  store: 'sqlite' | 'mongodb';
  files: number;
  bytes: number;
  /** Links and special files found in the data dir and not copied. */
  skipped: string[];
}

export async function createBackup(config: Pick<Config, 'dataDir' | 'store'>, target: string): Promise<BackupReport> {
  const out = path.resolve(target);
  const dataDir = config.dataDir;
  if (isWithin(out, dataDir) || isWithin(dataDir, out))
    throw new BackupError(`the backup folder ${out} and the data directory ${dataDir} must not contain one another`);
  if (!(await isEmptyDir(out))) throw new BackupError(`${out} is not empty: give the backup a new or empty folder`);
  if (await isEmptyDir(dataDir))
    throw new BackupError(`the data directory ${dataDir} is empty or missing: nothing to back up (is MLPORTAL_DATA_DIR right?)`);
  // Before anything is written: a backup without its documents is no backup.
  if (config.store.kind === 'mongodb') requireTool('mongodump');

  await fs.mkdir(path.join(out, DATA_FOLDER), { recursive: true, mode: 0o700 });
  const copied: CopiedFile[] = [];
  let store: Manifest['store'];
  const database: string[] = [];
  if (config.store.kind === 'sqlite') {
    if (!isWithin(config.store.path, dataDir))
      throw new BackupError(`the SQLite database ${config.store.path} is outside the data directory ${dataDir}`);
    const relative = toPosix(path.relative(dataDir, config.store.path));
    database.push(relative);
    const file = `${DATA_FOLDER}/${relative}`;
    await snapshotSqlite(config.store.path, path.join(out, file));
    copied.push(await describe(out, file));
    store = { kind: 'sqlite', file };
  } else {
    await dumpDatabase(config.store.url, config.store.dbName, path.join(out, MONGO_ARCHIVE));
    copied.push(await describe(out, MONGO_ARCHIVE));
    store = { kind: 'mongodb', dbName: config.store.dbName, archive: MONGO_ARCHIVE };
  }

  const { files, skipped } = await stateFiles(dataDir, database);
  for (const relative of files) {
    const from = path.join(dataDir, relative);
    let mode: number;
    try {
      mode = (await fs.stat(from)).mode & 0o777;
    } catch (err) {
      // Removed since the listing (a job's work file, say): it was not state the snapshot needs.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    const to = `${DATA_FOLDER}/${relative}`;
    copied.push({ path: to, mode, ...(await copyHashed(from, path.join(out, to), mode)) });
  }

  await writeManifest(out, { format: 'mlportal-backup', version: 1, createdAt: new Date().toISOString(), dataDir, store, files: copied });
  return { target: out, store: store.kind, files: copied.length, bytes: copied.reduce((sum, f) => sum + f.size, 0), skipped };
}

/** SQLite's online backup: a consistent copy while other connections (the backend's) read and write. */
async function snapshotSqlite(source: string, destination: string): Promise<void> {
  await fs.mkdir(path.dirname(destination), { recursive: true, mode: 0o700 });
  const db = new Database(source, { fileMustExist: true });
  try {
    // All remaining pages in one step: one read transaction, so the backend's writes cannot make it start over.
    await db.backup(destination, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const copy = new Database(destination, { readonly: true });
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`the database copy failed its check (${String(check)})`);
  } finally {
    copy.close();
  }
  await fs.chmod(destination, 0o600);
}

async function describe(dir: string, relative: string): Promise<CopiedFile> {
  const full = path.join(dir, relative);
  return { path: relative, mode: (await fs.stat(full)).mode & 0o777, ...(await hashFile(full)) };
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}
