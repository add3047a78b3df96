/**
 * Temp files under the data directory are named <start id>-<uuid><suffix>. The data-dir lock
 * (lock.ts) proves that no other backend writes there, so at start every temp entry that does not
 * carry the current start id is a leftover of an earlier, stopped or crashed, start, and goes
 * (whatever its age, and whatever process now has the pid that wrote it).
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** A fresh temp file name of this start. */
export function tempName(startId: string, suffix: string): string {
  return `${startId}-${randomUUID()}${suffix}`;
}

export function isOfStart(name: string, startId: string): boolean {
  return name === startId || name.startsWith(`${startId}-`);
}

/**
 * Removes every entry of `dir` (files and folders) not of this start; answers how many went.
 * Only for a process that holds the data-dir lock. A missing `dir` has nothing to remove.
 */
export async function removeOtherStarts(dir: string, startId: string): Promise<number> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let removed = 0;
  for (const name of names) {
    if (isOfStart(name, startId)) continue;
    await fs.rm(path.join(dir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** `<parent>/<start id>`, created, after removing what earlier starts left in `parent` (the feature engine's spill folder). */
export async function startScopedDir(parent: string, startId: string): Promise<string> {
  await removeOtherStarts(parent, startId);
  const dir = path.join(parent, startId);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}
