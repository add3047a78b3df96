/**
 * The port every job executor implements (local child processes, Kubernetes batch/v1 Jobs). The job
 * service owns the queue, quotas, records and logs; an executor only runs what it is given and reports
 * back through the hooks. Executors never touch the document store.
 */

export type ExecutorKind = 'local' | 'kubernetes';

/** What an executor needs to run one attempt of a job. */
export interface ExecutionSpec {
  jobId: string;
  attempt: number;
  name: string;
  image: string;
  command: string[];
  args: string[];
  /** The job's environment plus what the platform adds (MLPORTAL_URL, MLPORTAL_TOKEN, MLPORTAL_RUN_ID, MLPORTAL_JOB_ID, MLPORTAL_OUTPUT_DIR; local: MLPORTAL_JOB_ATTEMPT). */
  env: Record<string, string>;
  resources: { cpu?: number; memoryBytes?: number; gpus: number; gpuType?: string };
  timeoutSeconds: number;
  /** Retries the executor may make itself (Kubernetes backoffLimit); the local executor leaves retries to the service (0 here). */
  retries: number;
  /** Local: a directory under the data dir whose files become run artifacts when the job ends. Kubernetes: the in-pod path. */
  outputDir: string;
  /** The job's own failure exit codes are not retried (Kubernetes podFailurePolicy: FailJob on these). */
  labels: Record<string, string>;
}

export type ExecutionState = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface ExecutionUpdate {
  state: ExecutionState;
  /** Why it failed or was cancelled, in words a user understands ("exit code 3", "ran past its 600 s timeout", "executor restarted"). */
  reason?: string;
  exitCode?: number;
  /** Devices the attempt got (local: the CUDA_VISIBLE_DEVICES indexes; Kubernetes: the node name when known). */
  placement?: { gpus?: string[]; node?: string };
}

export interface ExecutionHooks {
  onUpdate(update: ExecutionUpdate): void;
  /** Log output in order; `stream` is stdout or stderr where the executor can tell them apart. */
  onLog(chunk: string, stream: 'stdout' | 'stderr'): void;
}

/**
 * Whether an attempt could start now: `wait` says why it waits (capacity taken), `never` why it can
 * never run here (more GPUs than the machine has), and the job then fails with that reason.
 */
export type Admission = { admit: true } | { admit: false; wait: string } | { admit: false; never: string };

export interface JobExecutor {
  readonly kind: ExecutorKind;
  /**
   * Optional: whether an attempt with these resources fits now. Without it the service starts
   * every job the queue and quotas allow, and the executor's own scheduler (a cluster) queues it.
   */
  admits?(resources: ExecutionSpec['resources'], reserved?: ExecutionSpec['resources'][]): Promise<Admission>;
  /**
   * Optional: why a submitter with these roles may not run jobs here (the local executor cannot isolate jobs from the
   * backend and the roles are not trusted), or undefined when they may.
   */
  refusal?(roles: readonly string[]): Promise<string | undefined>;
  /** Optional: checks made once at start, before any job (the local executor decides how it isolates jobs, or fails the start). */
  prepare?(): Promise<void>;
  /** Starts one attempt; resolves once it was accepted (the pod or process exists), then reports through hooks. */
  start(spec: ExecutionSpec, hooks: ExecutionHooks): Promise<void>;
  /** Stops the attempt (process group killed / Job deleted with foreground propagation); reports 'cancelled' through the hooks. */
  cancel(jobId: string): Promise<void>;
  /**
   * After a backend restart: re-attach to an attempt that was running (Kubernetes: find the Job by its label and resume
   * watching and log streaming) or report that it cannot be (local: 'lost', and the service marks it failed).
   */
  reattach(spec: ExecutionSpec, hooks: ExecutionHooks): Promise<'reattached' | 'lost'>;
  /** Stops watching and streaming (not the jobs themselves); for shutdown. */
  close(): Promise<void>;
}
