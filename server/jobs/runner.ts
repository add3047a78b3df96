/**
 * Moves jobs through their states: a scheduling pass starts the queued jobs their queue, their
 * team's GPU quota and their executor's capacity allow (oldest first; a job that must wait for the
 * machine says why and has what it needs held for it, so later jobs start only in what is left
 * over and cannot starve it); executor reports end attempts, retry them
 * (local executor: the service retries) or end the job: outputs become run artifacts, the run gets
 * its final status, the job's token is revoked. All changes to one job run one after another.
 */
import { type JobAttempt, memoryBytes, type Role, TERMINAL_JOB_STATES } from '@mlportal/contract';
import type { Logger } from '../platform/logging';
import type { Stored } from '../platform/store/port';
import { queueAdmits, type Holder } from './admission';
import type { JobDocument } from './documents';
import type { ExecutionHooks, ExecutionSpec, ExecutionUpdate, ExecutorKind, JobExecutor } from './executor';
import type { JobLayout } from './layout';
import type { JobLogs } from './logs';
import type { RunStatus } from '@mlportal/contract';
import type { JobNeighbours } from './neighbours';
import { uploadOutputs } from './outputs';
import type { QueueConfig } from './queue-config';
import type { JobRecords } from './records';

/** Where a Kubernetes pod writes its outputs. */
export const POD_OUTPUT_DIR = '/mlportal/outputs';
/** A pass also runs this often, in case an event was missed (a store hiccup during a pass). */
const SCHEDULE_TICK_MS = 10_000;

export interface JobRunnerDependencies {
  records: JobRecords;
  logs: JobLogs;
  layout: JobLayout;
  neighbours: JobNeighbours;
  executors: Partial<Record<ExecutorKind, JobExecutor>>;
  queues: readonly QueueConfig[];
  logger: Logger;
  now: () => Date;
}

type Ending = { state: 'succeeded' | 'failed' | 'cancelled'; reason?: string };

const RUN_STATUS_OF: Record<Ending['state'], RunStatus> = { succeeded: 'FINISHED', failed: 'FAILED', cancelled: 'KILLED' };

export class JobRunner {
  private url?: string;
  private closed = false;
  private passRequested = false;
  private passing?: Promise<void>;
  private tick?: NodeJS.Timeout;
  private readonly chains = new Map<string, Promise<void>>();
  /** Token values of jobs started by this process (the store keeps only their ids). */
  private readonly tokens = new Map<string, string>();

  constructor(private readonly deps: JobRunnerDependencies) {}

  /** The backend's URL, which jobs call back on; scheduling starts once it is known. */
  listening(url: string): void {
    this.url = url;
    this.tick = setInterval(() => this.schedule(), SCHEDULE_TICK_MS);
    this.tick.unref();
    this.schedule();
  }

  queue(name: string): QueueConfig | undefined {
    return this.deps.queues.find((queue) => queue.name === name);
  }

  /** Runs `work` after every earlier change to the same job. */
  serial<T>(jobId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(jobId) ?? Promise.resolve();
    const result = previous.then(work);
    const settled = result.then(
      () => undefined,
      () => undefined
    );
    this.chains.set(jobId, settled);
    void settled.then(() => {
      if (this.chains.get(jobId) === settled) this.chains.delete(jobId);
    });
    return result;
  }

  /** Asks for a scheduling pass; passes never overlap, and one asked for during a pass follows it. */
  schedule(): void {
    if (this.closed || this.url === undefined) return;
    this.passRequested = true;
    if (this.passing) return;
    this.passing = (async () => {
      while (this.passRequested && !this.closed) {
        this.passRequested = false;
        try {
          await this.pass();
        } catch (err) {
          this.deps.logger.error({ err }, 'job scheduling pass failed');
        }
      }
      this.passing = undefined;
    })();
  }

  private async pass(): Promise<void> {
    const queued = await this.deps.records.find({ state: 'queued' });
    const running: Holder[] = (await this.deps.records.find({ state: 'running' })).map(holderOf);
    const reserved = new Map<ExecutorKind, ExecutionSpec['resources'][]>();
    for (const job of queued) {
      if (this.closed) return;
      const queue = this.queue(job.queue);
      const executor = queue ? this.deps.executors[queue.executor] : undefined;
      if (!queue || !executor) {
        const reason = !queue
          ? `queue ${job.queue} is no longer configured`
          : `queue ${queue.name} needs the ${queue.executor} executor, which is not available`;
        await this.serial(job._id, () => this.end(job._id, { state: 'failed', reason }));
        continue;
      }
      let admission = queueAdmits(queue, job.resources.gpus, running);
      const held = reserved.get(executor.kind) ?? [];
      if (admission.admit && executor.admits) {
        admission = await executor.admits(this.resourcesOf(job), held);
        // Waiting for the machine (not for its queue's quota): what it needs is held for it from the later jobs.
        if (!admission.admit && 'wait' in admission) reserved.set(executor.kind, [...held, this.resourcesOf(job)]);
      }
      if (admission.admit) {
        const started = await this.serial(job._id, () => this.startAttempt(job._id, executor));
        if (started) running.push(holderOf(job));
      } else if ('never' in admission) {
        const reason = admission.never;
        await this.serial(job._id, () => this.end(job._id, { state: 'failed', reason }));
      } else if ('wait' in admission) {
        const waitingReason = admission.wait;
        await this.deps.records.modify(job._id, (current) =>
          current.state === 'queued' && current.waitingReason !== waitingReason ? { waitingReason } : null
        );
      }
    }
  }

  /** Starts the job's next attempt when it is still queued; answers whether it did. */
  private async startAttempt(jobId: string, executor: JobExecutor): Promise<boolean> {
    const before = await this.deps.records.require(jobId);
    if (before.state !== 'queued') return false;
    const attempt = before.attempts.length + 1;
    const token = await this.tokenFor(before);
    const now = this.deps.now().toISOString();
    const job = await this.deps.records.modify(jobId, (current) =>
      current.state !== 'queued'
        ? null
        : {
            state: 'running',
            waitingReason: undefined,
            startedAt: current.startedAt ?? now,
            attempts: [...current.attempts, { attempt, startedAt: now, state: 'running' }]
          }
    );
    if (job.state !== 'running' || job.attempts.length !== attempt) return false;
    if (attempt === 1)
      await this.deps.neighbours
        .setRunStatus(job.runId, 'RUNNING')
        .catch((err: unknown) => this.warn(jobId, err, 'could not mark the run running'));
    else await this.deps.logs.append(jobId, `[mlportal] attempt ${attempt} of ${job.retries + 1}\n`);
    try {
      await executor.start(this.specOf(job, attempt, token, executor.kind), this.hooksFor(jobId, attempt));
    } catch (err) {
      void this.serial(jobId, () => this.attemptEnded(jobId, attempt, { state: 'failed', reason: (err as Error).message }));
      return true;
    }
    // A cancel that came while the attempt was starting reached no process yet.
    if ((await this.deps.records.require(jobId)).cancelRequested) await executor.cancel(jobId);
    return true;
  }

  hooksFor(jobId: string, attempt: number): ExecutionHooks {
    return {
      onUpdate: (update) => {
        if (this.closed) return;
        void this.serial(jobId, () => this.attemptEnded(jobId, attempt, update)).catch((err: unknown) =>
          this.warn(jobId, err, 'could not record an executor report')
        );
      },
      onLog: (chunk) => {
        if (!this.closed) void this.deps.logs.append(jobId, chunk);
      }
    };
  }

  /** An executor report: a running attempt's placement, or its end (then a retry or the job's end). */
  private async attemptEnded(jobId: string, attempt: number, update: ExecutionUpdate): Promise<void> {
    const job = await this.deps.records.require(jobId);
    if (TERMINAL_JOB_STATES.has(job.state) || job.attempts.length !== attempt || job.attempts[attempt - 1].finishedAt) return;
    if (update.state === 'running') {
      if (update.placement)
        await this.deps.records.modify(jobId, (current) => ({
          attempts: withAttempt(current.attempts, attempt, { placement: update.placement })
        }));
      return;
    }
    const finished: Partial<JobAttempt> = {
      state: update.state,
      finishedAt: this.deps.now().toISOString(),
      ...(update.reason !== undefined ? { reason: update.reason } : {}),
      ...(update.exitCode !== undefined ? { exitCode: update.exitCode } : {})
    };
    const serviceRetries = job.executor === 'local' ? job.retries : 0;
    const retry = update.state === 'failed' && !job.cancelRequested && attempt <= serviceRetries;
    if (retry) {
      await this.deps.records.modify(jobId, (current) => ({
        attempts: withAttempt(current.attempts, attempt, finished),
        state: 'queued',
        waitingReason: `retrying: attempt ${attempt} failed (${update.reason ?? 'failed'})`
      }));
      await this.deps.logs.append(jobId, `[mlportal] attempt ${attempt} failed (${update.reason ?? 'failed'}); retrying\n`);
      this.schedule();
      return;
    }
    await this.deps.records.modify(jobId, (current) => ({ attempts: withAttempt(current.attempts, attempt, finished) }));
    const ending: Ending =
      job.cancelRequested || update.state === 'cancelled'
        ? { state: 'cancelled', reason: job.cancelRequested ? 'cancelled' : (update.reason ?? 'cancelled') }
        : { state: update.state, reason: update.reason };
    await this.end(jobId, ending);
  }

  /**
   * Ends the job: outputs to the run, the run's status, then the job's final state (so whoever
   * waits for the job finds its run complete), then its token and log are closed.
   */
  async end(jobId: string, ending: Ending): Promise<void> {
    const job = await this.deps.records.require(jobId);
    if (TERMINAL_JOB_STATES.has(job.state)) return;
    const last = job.attempts[job.attempts.length - 1];
    if (last && job.executor === 'local') {
      const { uploaded, problems } = await uploadOutputs(this.deps.neighbours, job.runId, this.deps.layout.outputDir(jobId, last.attempt), {
        rows: job.outputs?.rows === true
      }).catch((err: unknown) => ({ uploaded: 0, problems: [`outputs were not kept: ${(err as Error).message}`] }));
      if (uploaded > 0)
        await this.deps.logs.append(jobId, `[mlportal] ${uploaded} output file${uploaded === 1 ? '' : 's'} kept as run artifacts\n`);
      for (const problem of problems) await this.deps.logs.append(jobId, `[mlportal] ${problem}\n`);
    }
    await this.deps.neighbours
      .setRunStatus(job.runId, RUN_STATUS_OF[ending.state])
      .catch((err: unknown) => this.warn(jobId, err, 'could not set the run status'));
    const now = this.deps.now().toISOString();
    const ended = await this.deps.records.modify(jobId, (current) =>
      TERMINAL_JOB_STATES.has(current.state)
        ? null
        : {
            state: ending.state,
            reason: ending.reason,
            waitingReason: undefined,
            finishedAt: now,
            // An attempt still open (the backend restarted under it, or a cancel while starting) ends with the job.
            attempts: current.attempts.map((a) =>
              a.finishedAt ? a : { ...a, state: ending.state, finishedAt: now, ...(ending.reason ? { reason: ending.reason } : {}) }
            )
          }
    );
    if (ended.tokenId) {
      await this.deps.neighbours
        .revokeToken(ended.tokenId, `job ${jobId}`)
        .catch((err: unknown) => this.warn(jobId, err, 'could not revoke the job token'));
    }
    this.tokens.delete(jobId);
    await this.deps.logs.append(jobId, `[mlportal] job ${ending.state}${ending.reason ? `: ${ending.reason}` : ''}\n`);
    await this.deps.logs.close(jobId);
    this.deps.logger.info({ jobId, state: ending.state, reason: ending.reason }, `job ${ending.state}`);
    this.schedule();
  }

  /** What an executor needs for one attempt; also used to re-attach after a restart (without a token). */
  specOf(job: Stored<JobDocument>, attempt: number, token: string | undefined, kind: ExecutorKind): ExecutionSpec {
    const outputDir = kind === 'local' ? this.deps.layout.outputDir(job._id, attempt) : POD_OUTPUT_DIR;
    return {
      jobId: job._id,
      attempt,
      name: job.name,
      image: job.image,
      command: job.command,
      args: job.args,
      env: {
        ...job.env,
        ...(this.url !== undefined ? { MLPORTAL_URL: this.url } : {}),
        ...(token !== undefined ? { MLPORTAL_TOKEN: token } : {}),
        MLPORTAL_RUN_ID: job.runId,
        MLPORTAL_JOB_ID: job._id,
        // Kubernetes retries inside its Job, where this number would stay 1.
        ...(kind === 'local' ? { MLPORTAL_JOB_ATTEMPT: String(attempt) } : {}),
        MLPORTAL_OUTPUT_DIR: outputDir
      },
      resources: this.resourcesOf(job),
      timeoutSeconds: job.timeoutSeconds,
      retries: kind === 'local' ? 0 : job.retries,
      outputDir,
      labels: { 'mlportal.io/job-id': job._id, 'mlportal.io/run-id': job.runId, 'mlportal.io/queue': job.queue }
    };
  }

  private resourcesOf(job: JobDocument): ExecutionSpec['resources'] {
    const { cpu, memory, gpus, gpuType } = job.resources;
    return {
      ...(cpu !== undefined ? { cpu } : {}),
      ...(memory !== undefined ? { memoryBytes: memoryBytes(memory) } : {}),
      gpus,
      ...(gpuType ? { gpuType } : {})
    };
  }

  /** The job's token, created at its first start with the submitter's roles. */
  private async tokenFor(job: Stored<JobDocument>): Promise<string> {
    const known = this.tokens.get(job._id);
    if (known) return known;
    const { id, token } = await this.deps.neighbours.createToken({
      name: `job ${job._id}`,
      roles: job.createdByRoles as Role[],
      createdBy: job.createdByTokenId
    });
    // One left by an earlier backend (a retry queued across a restart) cannot be used any more.
    if (job.tokenId) await this.deps.neighbours.revokeToken(job.tokenId, `job ${job._id}`).catch(() => undefined);
    await this.deps.records.modify(job._id, () => ({ tokenId: id }));
    this.tokens.set(job._id, token);
    return token;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.tick) clearInterval(this.tick);
    await this.passing;
    await Promise.all([...this.chains.values()]);
  }

  private warn(jobId: string, err: unknown, message: string): void {
    this.deps.logger.warn({ err, jobId }, message);
  }
}

function holderOf(job: Stored<JobDocument>): Holder {
  return { queue: job.queue, ...(job.team !== undefined ? { team: job.team } : {}), gpus: job.resources.gpus };
}

function withAttempt(attempts: JobAttempt[], number: number, changes: Partial<JobAttempt>): JobAttempt[] {
  return attempts.map((a) => (a.attempt === number ? { ...a, ...changes } : a));
}
