/** A finished job's output folder, kept as artifacts of its run (through the jobs' neighbours port). */
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { JobNeighbours } from './neighbours';

/** A job's outputs beyond this many files are left out (and said so in its log). */
const MAX_OUTPUT_FILES = 1000;

/**
 * Uploads every file under `dir` as an artifact of the run (path relative to `dir`); answers what
 * could not be. `rows`: the job declared that its outputs hold data rows, so they are classified so.
 */
export async function uploadOutputs(
  neighbours: Pick<JobNeighbours, 'putRunArtifact'>,
  runId: string,
  dir: string,
  classification?: { rows: boolean }
): Promise<{ uploaded: number; problems: string[] }> {
  const problems: string[] = [];
  const files = await filesUnder(dir);
  if (files.length > MAX_OUTPUT_FILES)
    problems.push(`${files.length - MAX_OUTPUT_FILES} output files beyond the first ${MAX_OUTPUT_FILES} were not kept`);
  let uploaded = 0;
  for (const relative of files.slice(0, MAX_OUTPUT_FILES)) {
    try {
      await neighbours.putRunArtifact(runId, relative, createReadStream(path.join(dir, ...relative.split('/'))), {
        rows: classification?.rows === true
      });
      uploaded += 1;
    } catch (err) {
      problems.push(`output ${relative} was not kept: ${(err as Error).message}`);
    }
  }
  return { uploaded, problems };
}

/** Regular files below `dir`, as "/"-separated relative paths, sorted; none when `dir` is missing. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}
