/**
 * Everything jobs ask of other domains, in one place: the tracking run each job is (created at
 * submit, its status kept in step, output files uploaded as artifacts), the job's own API token,
 * and whether the inputs it names exist. Built from the app's services, read when first needed.
 */
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Services } from '../api/services';
import type { Role } from '../auth/roles';

export type RunStatus = 'SCHEDULED' | 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface JobNeighbours {
  createRun(request: { experimentId?: string; name: string; jobId: string; actor: string }): Promise<{ runId: string; experimentId: string }>;
  setRunStatus(runId: string, status: RunStatus): Promise<void>;
  /**
   * Uploads every file under `dir` as an artifact of the run (path relative to `dir`); answers what
   * could not be. `rows`: the job declared that its outputs hold data rows, so they are classified so.
   */
  uploadOutputs(runId: string, dir: string, classification?: { rows: boolean }): Promise<{ uploaded: number; problems: string[] }>;
  createToken(request: { name: string; roles: Role[]; createdBy: string }): Promise<{ id: string; token: string }>;
  revokeToken(id: string, by: string): Promise<void>;
  /** NotFoundError when the training set is unknown. */
  requireTrainingSet(id: string): Promise<void>;
  /** NotFoundError when the model version is unknown. */
  requireModelVersion(model: string, version: number): Promise<void>;
}

/** A job's outputs beyond this many files are left out (and said so in its log). */
const MAX_OUTPUT_FILES = 1000;

export function jobNeighboursFrom(services: () => Services): JobNeighbours {
  const tracking = async () => {
    const service = services().tracking;
    await service.ready();
    return service;
  };
  return {
    async createRun({ experimentId, name, jobId, actor }) {
      const run = await (await tracking()).runs.create({ experimentId, name, origin: { jobId, source: 'job' } }, actor);
      return { runId: run.id, experimentId: run.experimentId };
    },
    async setRunStatus(runId, status) {
      await (await tracking()).runs.update(runId, { status });
    },
    async uploadOutputs(runId, dir, classification) {
      const problems: string[] = [];
      const files = await filesUnder(dir);
      if (files.length > MAX_OUTPUT_FILES) problems.push(`${files.length - MAX_OUTPUT_FILES} output files beyond the first ${MAX_OUTPUT_FILES} were not kept`);
      const artifacts = (await tracking()).artifacts;
      let uploaded = 0;
      for (const relative of files.slice(0, MAX_OUTPUT_FILES)) {
        try {
          await artifacts.put(runId, relative, createReadStream(path.join(dir, ...relative.split('/'))), 'mlportal', { rows: classification?.rows === true });
          uploaded += 1;
        } catch (err) {
          problems.push(`output ${relative} was not kept: ${(err as Error).message}`);
        }
      }
      return { uploaded, problems };
    },
    async createToken(request) {
      const { record, token } = await services().tokens.create(request);
      return { id: record.id, token };
    },
    async revokeToken(id, by) {
      await services().tokens.revoke(id, by);
    },
    async requireTrainingSet(id) {
      const features = services().features;
      await features.ready();
      await features.trainingSets.get(id);
    },
    async requireModelVersion(model, version) {
      await services().registry.versions.get(model, version);
    }
  };
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
