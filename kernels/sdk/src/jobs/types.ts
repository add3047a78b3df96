/**
 * Training jobs as the SDK sees them, mirroring the backend's contract (server/jobs/schemas.ts)
 * by hand: the SDK ships on its own, and tslab type-checks these declarations with TypeScript 5.0.
 */

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export type ExecutorKind = 'local' | 'kubernetes';

export interface JobResources {
  /** Cores, 0.1..256 (the local executor counts 1 when absent). */
  cpu?: number;
  /** A Kubernetes memory quantity such as "4Gi" (at most 2Ti). */
  memory?: string;
  /** Whole GPUs, 0..16 (default 0). */
  gpus?: number;
  /** A node label value such as "nvidia-a100" (Kubernetes). */
  gpuType?: string;
}

export interface JobInputs {
  trainingSets?: string[];
  modelVersions?: Array<{ model: string; version: number }>;
}

/** What jobs.submit sends. */
export interface JobSpec {
  name: string;
  /** A container image reference, e.g. "python:3.12-slim" (the local executor records it but runs on the host). */
  image: string;
  /** The program and its first arguments, e.g. ["node", "train.js"]. */
  command: string[];
  args?: string[];
  /** Variables for the job; names starting with MLPORTAL_ are the platform's. */
  env?: Record<string, string>;
  resources?: JobResources;
  inputs?: JobInputs;
  /** rows: the job's output files hold data rows, so only roles with features:read-rows may download them. */
  outputs?: { rows?: boolean };
  /** 1 s .. 7 days; default 3600. */
  timeoutSeconds?: number;
  /** Attempts after a failed one, 0..10; default 0. */
  retries?: number;
  /** Default: the first configured queue. */
  queue?: string;
  /** The experiment of the job's run; default "0". */
  experimentId?: string;
}

export interface JobAttempt {
  attempt: number;
  startedAt: string;
  finishedAt?: string;
  state: JobState;
  reason?: string;
  exitCode?: number;
  placement?: { gpus?: string[]; node?: string };
}

export interface Job {
  /** "job-" and 12 hex digits. */
  id: string;
  name: string;
  /** The tracking run the job is: what it logs lands there. */
  runId: string;
  experimentId: string;
  queue: string;
  executor: ExecutorKind;
  image: string;
  command: string[];
  args: string[];
  env: Record<string, string>;
  resources: { cpu?: number; memory?: string; gpus: number; gpuType?: string };
  inputs: { trainingSets: string[]; modelVersions: Array<{ model: string; version: number }> };
  outputs: { rows: boolean };
  timeoutSeconds: number;
  retries: number;
  state: JobState;
  /** Why it failed or was cancelled. */
  reason?: string;
  /** Why a queued job has not started yet. */
  waitingReason?: string;
  attempts: JobAttempt[];
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  createdBy: string;
  revision: number;
}

export interface JobQuery {
  state?: JobState;
  queue?: string;
  maxResults?: number;
}

export interface QueueStatus {
  name: string;
  executor: ExecutorKind;
  team?: string;
  gpuQuota?: number;
  maxConcurrent?: number;
  running: number;
  queued: number;
  gpusInUse: number;
}

export interface WaitOptions {
  /** How often to ask (default 2000 ms). */
  pollMs?: number;
  /** Give up after this long (default: wait as long as it takes). */
  timeoutMs?: number;
}

export interface LogOptions {
  /** Byte offset to start from (what was already read). */
  since?: number;
}

export interface FollowOptions extends LogOptions {
  follow: true;
  /** How long the stream may stay open (default: 8 days, past the longest job timeout). */
  timeoutMs?: number;
}
