/**
 * Everything jobs ask of other domains, in one place: the tracking run each job is (created at
 * submit, its status kept in step, output files kept as its artifacts), the job's own API token,
 * and whether the inputs it names exist. The composition builds it from the neighbours' services.
 */
import type { Readable } from 'node:stream';
import type { Role } from '@mlportal/contract';

export type RunStatus = 'SCHEDULED' | 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface JobNeighbours {
  createRun(request: {
    experimentId?: string;
    name: string;
    jobId: string;
    actor: string;
  }): Promise<{ runId: string; experimentId: string }>;
  setRunStatus(runId: string, status: RunStatus): Promise<void>;
  /** Keeps `content` as the run's artifact at `path`; `rows`: it holds data rows, so it is classified so. */
  putRunArtifact(runId: string, path: string, content: Readable, classification: { rows: boolean }): Promise<void>;
  createToken(request: { name: string; roles: Role[]; createdBy: string }): Promise<{ id: string; token: string }>;
  revokeToken(id: string, by: string): Promise<void>;
  /** NotFoundError when the training set is unknown. */
  requireTrainingSet(id: string): Promise<void>;
  /** NotFoundError when the model version is unknown. */
  requireModelVersion(model: string, version: number): Promise<void>;
}
