/**
 * MongoDB's own tools for the documents when MongoDB is the store: mongodump and mongorestore (the
 * MongoDB Database Tools). They are not npm packages and are not installed by mlportal; when they
 * are not on the PATH the backup or restore says so and stops before writing anything.
 * The connection string goes through a 0600 config file, not the command line, which other users
 * of the host can read in the process list.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { BackupError } from './manifest';

const INSTALL_HINT =
  'install the MongoDB Database Tools (https://www.mongodb.com/docs/database-tools/installation/) so that it is on the PATH';

/** The tool's path on the PATH, or a BackupError that says plainly that it is missing. */
export function requireTool(name: 'mongodump' | 'mongorestore', env: NodeJS.ProcessEnv = process.env): string {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new BackupError(
    `the store is MongoDB (MLPORTAL_MONGO_URL) and ${name} is not on the PATH: ${INSTALL_HINT}, then run this again. Nothing was written.`
  );
}

/** mongodump of one database into a gzipped archive file. */
export async function dumpDatabase(url: string, dbName: string, archive: string): Promise<void> {
  const tool = requireTool('mongodump');
  await withUriConfig(path.dirname(archive), url, (config) =>
    run(tool, [`--config=${config}`, `--db=${dbName}`, `--archive=${archive}`, '--gzip'])
  );
}

/** mongorestore of an archive made by dumpDatabase, from database `fromDb` into `toDb`. */
export async function restoreDatabase(url: string, fromDb: string, toDb: string, archive: string, scratchDir: string): Promise<void> {
  const tool = requireTool('mongorestore');
  await withUriConfig(scratchDir, url, (config) =>
    run(tool, [`--config=${config}`, `--archive=${archive}`, '--gzip', `--nsFrom=${fromDb}.*`, `--nsTo=${toDb}.*`])
  );
}

/** Collections of `dbName` that hold documents: a restore into them would mix two histories. */
export async function nonEmptyCollections(url: string, dbName: string): Promise<string[]> {
  const client = await MongoClient.connect(url, { serverSelectionTimeoutMS: 10_000 });
  try {
    const db = client.db(dbName);
    const names = (await db.listCollections({}, { nameOnly: true }).toArray())
      .map((c) => c.name)
      .filter((name) => !name.startsWith('system.'));
    const used: string[] = [];
    for (const name of names) if ((await db.collection(name).estimatedDocumentCount()) > 0) used.push(name);
    return used;
  } finally {
    await client.close();
  }
}

async function withUriConfig(dir: string, url: string, work: (configFile: string) => Promise<void>): Promise<void> {
  const file = path.join(dir, `.mongo-tools-${process.pid}.yaml`);
  await fs.writeFile(file, `uri: ${JSON.stringify(url)}\n`, { mode: 0o600 });
  try {
    await work(file);
  } finally {
    await fs.rm(file, { force: true });
  }
}

function run(tool: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (err) => reject(new BackupError(`${path.basename(tool)} could not start: ${err.message}`)));
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new BackupError(`${path.basename(tool)} failed (${signal ?? `exit code ${code}`})`))
    );
  });
}
