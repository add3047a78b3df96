/**
 * `npm run restore -- <backup dir>`: a backup into the data directory (and store) the settings name,
 * which must be empty. Every file is checked against the manifest before anything is written, the
 * data-dir lock is held throughout (a running backend makes the restore stop, and no backend can
 * start on a half-restored directory), and the files land in a staging folder first and are moved into place
 * at the end, so a failure leaves nothing that looks like a data directory.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { DataDirInUseError, LOCK_FILE, lockDataDir, type DataDirLock } from '../platform/data-dir/lock';
import { copyHashed, isEmptyDir, isWithin } from './files';
import { BackupError, DATA_FOLDER, readManifest, verifyBackup } from './manifest';
import { nonEmptyCollections, requireTool, restoreDatabase } from './mongo-tools';

export interface RestoreReport {
  dataDir: string;
  store: 'sqlite' | 'mongodb';
  files: number;
}

/** Left in a data dir by a backend that stopped: not content. */
const LOCK_FILES = [LOCK_FILE, `${LOCK_FILE}-journal`];

export async function restoreBackup(config: Pick<Config, 'dataDir' | 'store'>, source: string): Promise<RestoreReport> {
  const from = path.resolve(source);
  const dataDir = config.dataDir;
  if (isWithin(dataDir, from) || isWithin(from, dataDir))
    throw new BackupError(`the backup ${from} and the data directory ${dataDir} must not contain one another`);
  const manifest = await readManifest(from);
  if (manifest.store.kind !== config.store.kind) {
    const wanted =
      manifest.store.kind === 'mongodb'
        ? 'set MLPORTAL_MONGO_URL (and MLPORTAL_MONGO_DB) to the MongoDB to restore into'
        : 'unset MLPORTAL_MONGO_URL';
    throw new BackupError(`the backup holds a ${manifest.store.kind} store but the settings name a ${config.store.kind} one: ${wanted}`);
  }
  if (manifest.store.kind === 'mongodb') requireTool('mongorestore');
  await verifyBackup(from, manifest);

  let lock: DataDirLock;
  try {
    lock = lockDataDir(dataDir);
  } catch (err) {
    if (err instanceof DataDirInUseError)
      throw new BackupError(
        `a backend is running on ${dataDir} (it holds ${path.join(dataDir, LOCK_FILE)}): stop it, and restore into an empty data directory`
      );
    throw err;
  }
  const staging = path.join(dataDir, `.restoring-${lock.startId}`);
  try {
    await assertEmpty(dataDir);
    if (manifest.store.kind === 'mongodb' && config.store.kind === 'mongodb') {
      const used = await nonEmptyCollections(config.store.url, config.store.dbName);
      if (used.length > 0)
        throw new BackupError(
          `the MongoDB database ${config.store.dbName} is not empty (${used.slice(0, 5).join(', ')}…): restore only into an empty database`
        );
      await restoreDatabase(config.store.url, manifest.store.dbName, config.store.dbName, path.join(from, manifest.store.archive), dataDir);
    }
    let files = 0;
    for (const file of manifest.files) {
      if (!file.path.startsWith(`${DATA_FOLDER}/`)) continue;
      const copied = await copyHashed(path.join(from, file.path), path.join(staging, file.path.slice(DATA_FOLDER.length + 1)), file.mode);
      // The backup was verified above; this catches it changing underneath us.
      if (copied.sha256 !== file.sha256) throw new BackupError(`${file.path} changed while it was being restored`);
      files++;
    }
    for (const name of await fs.readdir(staging).catch(() => [])) await fs.rename(path.join(staging, name), path.join(dataDir, name));
    await fs.rm(staging, { recursive: true, force: true });
    return { dataDir, store: manifest.store.kind, files };
  } catch (err) {
    await fs.rm(staging, { recursive: true, force: true });
    throw err;
  } finally {
    lock.release();
  }
}

async function assertEmpty(dataDir: string): Promise<void> {
  if (!(await isEmptyDir(dataDir, LOCK_FILES))) {
    throw new BackupError(
      `the data directory ${dataDir} is not empty: restore only into an empty one (move the old one aside, or set MLPORTAL_DATA_DIR to a new folder)`
    );
  }
}
