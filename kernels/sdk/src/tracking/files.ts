/**
 * The Node-only half of the runs API: the origin detected from the kernel's environment and the
 * working directory's git repository, and artifact files streamed from disk.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { requireFile } from '../features/files';
import { detectOrigin } from './origin';
import { ARTIFACT_TIMEOUT_MS, RunsApi } from './runs';
import type { RunOrigin, RunRef, StoredArtifact } from './types';

/** client.runs plus detected origin and files: what notebooks and jobs get from `@mlportal/sdk`. */
export class NodeRunsApi extends RunsApi {
  /**
   * Uploads a file as a run artifact, streamed; stored at `artifactPath` (default: the file's
   * name at the top of the run's artifacts).
   */
  async uploadArtifactFile(
    file: string,
    artifactPath?: string,
    run?: RunRef,
    options: { timeoutMs?: number } = {}
  ): Promise<StoredArtifact> {
    await requireFile(file);
    const body = Readable.toWeb(createReadStream(file));
    return this.putArtifact(artifactPath ?? path.basename(file), body, run, { timeoutMs: options.timeoutMs ?? ARTIFACT_TIMEOUT_MS });
  }

  protected override detectedOrigin(): Promise<RunOrigin> {
    return detectOrigin();
  }
}
