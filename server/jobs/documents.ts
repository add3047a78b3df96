/** How jobs are kept in the document store, and what the API shows of them. */
import type { Stored } from '../platform/store/port';
import type { ExecutorKind } from './executor';
import type { Job, JobAttempt, JobState } from '@mlportal/contract';

export const JOBS_COLLECTION = 'jobs';

export interface JobDocument {
  name: string;
  runId: string;
  experimentId: string;
  queue: string;
  /** The queue's team when it has one: GPU quotas are counted per team. */
  team?: string;
  executor: ExecutorKind;
  image: string;
  command: string[];
  args: string[];
  env: Record<string, string>;
  resources: { cpu?: number; memory?: string; gpus: number; gpuType?: string };
  inputs: { trainingSets: string[]; modelVersions: Array<{ model: string; version: number }> };
  /** rows: the outputs hold data rows and are kept as rows-classified artifacts (auth/rows.ts). Absent on jobs from before. */
  outputs?: { rows: boolean };
  timeoutSeconds: number;
  retries: number;
  state: JobState;
  reason?: string;
  waitingReason?: string;
  attempts: JobAttempt[];
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** The submitter's token name (shown) and id (who may cancel); the roles the job's own token gets. */
  createdBy: string;
  createdByTokenId: string;
  createdByRoles: string[];
  /** The job's own token while it runs (revoked at the end); never shown. */
  tokenId?: string;
  /** Set by a cancel of a running job: what the executor reports next ends it as cancelled, never retried. */
  cancelRequested?: boolean;
}

export function toJob(doc: Stored<JobDocument>): Job {
  return {
    id: doc._id,
    name: doc.name,
    runId: doc.runId,
    experimentId: doc.experimentId,
    queue: doc.queue,
    executor: doc.executor,
    image: doc.image,
    command: doc.command,
    args: doc.args,
    env: doc.env,
    resources: doc.resources,
    inputs: doc.inputs,
    outputs: { rows: doc.outputs?.rows === true },
    timeoutSeconds: doc.timeoutSeconds,
    retries: doc.retries,
    state: doc.state,
    ...(doc.reason !== undefined ? { reason: doc.reason } : {}),
    ...(doc.waitingReason !== undefined ? { waitingReason: doc.waitingReason } : {}),
    attempts: doc.attempts,
    createdAt: doc.createdAt,
    ...(doc.startedAt !== undefined ? { startedAt: doc.startedAt } : {}),
    ...(doc.finishedAt !== undefined ? { finishedAt: doc.finishedAt } : {}),
    createdBy: doc.createdBy,
    revision: doc._rev
  };
}
