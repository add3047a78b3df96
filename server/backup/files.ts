/**
 * The files of a data directory that are state, and copying them with their SHA-256 computed on the
 * bytes actually copied (a job log that grows during a backup is recorded as it was copied).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LOCK_FILE } from '../platform/data-dir/lock';

/**
 * Not state, relative to the data dir: the lock, and the folders that hold only temp files (each
 * backend start clears them; see platform/data-dir/temp-files.ts and the domains' layouts).
 */
const NOT_STATE = [
  'artifacts/tmp',
  'features/staging',
  'features/uploads',
  'features/scratch',
  'features/spill',
  'registry/tmp',
  'serving/uploads'
];
/** DuckDB spill folders of backends from before features/spill existed, and jobs' scratch folders (their outputs are kept). */
const SCRATCH = [/^features\/mlportal-duckdb-/, /^jobs\/[^/]+\/attempt-\d+\/work$/];

export interface CopiedFile {
  /** Relative, with / separators. */
  path: string;
  size: number;
  sha256: string;
  /** Permission bits (the admin token is 0600 and stays so). */
  mode: number;
}

/**
 * The regular files of `dataDir` to back up, relative with / separators, without the live
 * database files named in `database` (copied through SQLite instead). Links and other special
 * files are listed in `skipped`, never followed: a link could point anywhere on the host.
 */
export async function stateFiles(dataDir: string, database: string[]): Promise<{ files: string[]; skipped: string[] }> {
  const excluded = new Set([
    LOCK_FILE,
    `${LOCK_FILE}-journal`,
    ...database.flatMap((file) => [file, `${file}-wal`, `${file}-shm`, `${file}-journal`])
  ]);
  const files: string[] = [];
  const skipped: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    for (const entry of await fs.readdir(path.join(dataDir, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (excluded.has(child) || NOT_STATE.includes(child) || SCRATCH.some((pattern) => pattern.test(child))) continue;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile()) files.push(child);
      else skipped.push(child);
    }
  };
  await walk('');
  return { files: files.sort(), skipped };
}

/** Copies `from` to `to` (parents created, 0700), answering the size and SHA-256 of what was copied. */
export async function copyHashed(from: string, to: string, mode: number): Promise<{ size: number; sha256: string }> {
  await fs.mkdir(path.dirname(to), { recursive: true, mode: 0o700 });
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    }
  });
  await pipeline(createReadStream(from), meter, createWriteStream(to, { flags: 'wx', mode: mode & 0o777, flush: true }));
  return { size, sha256: hash.digest('hex') };
}

export async function hashFile(file: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    size += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
  }
  return { size, sha256: hash.digest('hex') };
}

/** Whether `dir` is missing or empty, counting `ignored` names as absent. */
export async function isEmptyDir(dir: string, ignored: string[] = []): Promise<boolean> {
  try {
    return (await fs.readdir(dir)).every((name) => ignored.includes(name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
}

/** Whether `inner` is `outer` or lies under it. */
export function isWithin(inner: string, outer: string): boolean {
  const relative = path.relative(path.resolve(outer), path.resolve(inner));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
