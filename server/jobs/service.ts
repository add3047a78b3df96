/**
 * Training jobs as route handlers and the SDK see them: submit, read, list, cancel, rerun, logs,
 * queues. Every job is a tracking run; the runner (runner.ts) moves it through its states on the
 * executors. Built once per app; `recover` runs before the first request, `listening` once the
 * backend's URL is known (jobs call back on it), `close` at shutdown.
 */
import type { Readable } from 'node:stream';
import { parsePart, ValidationError } from '../api/validation';
import type { Principal } from '../platform/principal';
import { ConflictError, ForbiddenActionError, NotFoundError } from '../platform/errors';
import type { Logger } from '../platform/logging';
import type { DocumentStore } from '../platform/store/port';
import type { JobDocument } from './documents';
import { toJob } from './documents';
import type { ExecutorKind, JobExecutor } from './executor';
import { JobLayout } from './layout';
import { JobLogs } from './logs';
import type { JobNeighbours } from './neighbours';
import type { QueueConfig } from './queue-config';
import { JobRecords, newJobId } from './records';
import { JobFolderRetention } from './retention';
import { JobRunner } from './runner';
import {
  type Job,
  JOB_LIMITS,
  JOB_STATES,
  type JobState,
  type ListJobsQuery,
  type QueueStatus,
  type SubmitJobRequest,
  SubmitJobRequestSchema,
  TERMINAL_JOB_STATES
} from '@mlportal/contract';

export interface JobServiceDependencies {
  store: DocumentStore;
  dataDir: string;
  queues: readonly QueueConfig[];
  /** The backend URL jobs call back on, when not the one the backend listens on (pods cannot reach 127.0.0.1). */
  jobUrl?: string;
  /** By kind; a queue whose executor is missing refuses jobs. */
  executors: Partial<Record<ExecutorKind, JobExecutor>>;
  neighbours: JobNeighbours;
  logger: Logger;
  /** Days a finished job's folders are kept (its log stays); default 7. */
  retentionDays?: number;
  now?: () => Date;
}

export class JobService {
  readonly layout: JobLayout;
  private readonly records: JobRecords;
  private readonly logFiles: JobLogs;
  private readonly runner: JobRunner;
  private readonly retention: JobFolderRetention;
  private readonly now: () => Date;

  constructor(private readonly deps: JobServiceDependencies) {
    this.now = deps.now ?? (() => new Date());
    this.layout = new JobLayout(deps.dataDir);
    this.records = new JobRecords(deps.store);
    this.logFiles = new JobLogs(this.layout);
    this.runner = new JobRunner({
      records: this.records,
      logs: this.logFiles,
      layout: this.layout,
      neighbours: deps.neighbours,
      executors: deps.executors,
      queues: deps.queues,
      logger: deps.logger,
      now: this.now
    });
    this.retention = new JobFolderRetention({
      layout: this.layout,
      records: this.records,
      retentionDays: deps.retentionDays ?? 7,
      logger: deps.logger,
      now: this.now
    });
  }

  /** At start, before the first request (composition/lifecycle.ts): the records' indexes. */
  async prepare(): Promise<void> {
    await this.records.prepare();
  }

  async submit(request: SubmitJobRequest, principal: Principal): Promise<Job> {
    const checked = parsePart(SubmitJobRequestSchema, 'body', request);
    const queueName = checked.queue ?? this.deps.queues[0].name;
    const queue = this.runner.queue(queueName);
    if (!queue) {
      throw new ValidationError([
        {
          path: 'body.queue',
          message: `unknown queue ${JSON.stringify(queueName)}; the queues are ${this.deps.queues.map((q) => q.name).join(', ')}`
        }
      ]);
    }
    const executor = this.deps.executors[queue.executor];
    if (!executor) {
      throw new ValidationError([
        {
          path: 'body.queue',
          message: `queue ${queue.name} runs on the ${queue.executor} executor, which is not available on this backend`
        }
      ]);
    }
    const refusal = await executor.refusal?.(principal.roles);
    if (refusal) throw new ForbiddenActionError(`queue ${queue.name}: ${refusal}`, 'jobs_not_isolated', { queue: queue.name });
    const inputs = checked.inputs ?? { trainingSets: [], modelVersions: [] };
    await this.requireInputs(inputs);
    const id = newJobId();
    const run = await this.deps.neighbours
      .createRun({ experimentId: checked.experimentId, name: checked.name, jobId: id, actor: principal.name })
      .catch((err: unknown) => {
        if (err instanceof NotFoundError) throw new NotFoundError(`body.experimentId: ${err.message}`, { field: 'body.experimentId' });
        throw err;
      });
    await this.deps.neighbours.setRunStatus(run.runId, 'SCHEDULED');
    const doc: JobDocument = {
      name: checked.name,
      runId: run.runId,
      experimentId: run.experimentId,
      queue: queue.name,
      ...(queue.team !== undefined ? { team: queue.team } : {}),
      executor: queue.executor,
      image: checked.image,
      command: checked.command,
      args: checked.args ?? [],
      env: checked.env ?? {},
      resources: checked.resources ?? { gpus: 0 },
      inputs,
      outputs: { rows: checked.outputs?.rows === true },
      timeoutSeconds: checked.timeoutSeconds ?? JOB_LIMITS.defaultTimeoutSeconds,
      retries: checked.retries ?? 0,
      state: 'queued',
      attempts: [],
      createdAt: this.now().toISOString(),
      createdBy: principal.name,
      createdByTokenId: principal.tokenId,
      createdByRoles: [...principal.roles]
    };
    const stored = await this.records.insert(id, doc);
    this.deps.logger.info({ jobId: id, queue: queue.name, runId: run.runId }, 'job submitted');
    this.runner.schedule();
    return toJob(stored);
  }

  async get(jobId: string): Promise<Job> {
    return toJob(await this.records.require(jobId));
  }

  /** Newest first. */
  async list(query: Partial<ListJobsQuery> = {}): Promise<Job[]> {
    const filter = { ...(query.state ? { state: query.state } : {}), ...(query.queue ? { queue: query.queue } : {}) };
    const docs = await this.records.find(filter, { newestFirst: true, limit: query.maxResults ?? JOB_LIMITS.defaultMaxResults });
    return docs.map(toJob);
  }

  /** How many jobs are in each state (for /metrics: counted, never listed). */
  async countByState(): Promise<Record<JobState, number>> {
    const counts = await Promise.all(JOB_STATES.map(async (state) => [state, await this.records.count({ state })] as const));
    return Object.fromEntries(counts) as Record<JobState, number>;
  }

  /** A queued job ends at once; a running one once its executor has stopped it. Only its submitter or an admin may. */
  async cancel(jobId: string, principal: Principal): Promise<Job> {
    const job = await this.records.require(jobId);
    if (job.createdByTokenId !== principal.tokenId && !principal.roles.includes('admin')) {
      throw new ForbiddenActionError(
        `job ${jobId} was submitted by ${job.createdBy}; only its submitter or an admin may cancel it`,
        'forbidden',
        { jobId }
      );
    }
    await this.runner.serial(jobId, async () => {
      const current = await this.records.require(jobId);
      if (TERMINAL_JOB_STATES.has(current.state))
        throw new ConflictError(
          `job ${jobId} has already ${current.state === 'cancelled' ? 'been cancelled' : current.state}`,
          'job_finished',
          { state: current.state }
        );
      if (current.state === 'queued') {
        await this.runner.end(jobId, { state: 'cancelled', reason: `cancelled by ${principal.name}` });
        return;
      }
      await this.records.modify(jobId, () => ({ cancelRequested: true }));
      await this.deps.executors[current.executor]?.cancel(jobId);
    });
    return this.get(jobId);
  }

  /** A new job with the same spec, submitted by the caller. */
  async rerun(jobId: string, principal: Principal): Promise<Job> {
    const job = await this.records.require(jobId);
    return this.submit(
      {
        name: job.name,
        image: job.image,
        command: job.command,
        args: job.args,
        env: job.env,
        resources: job.resources,
        inputs: job.inputs,
        outputs: job.outputs,
        timeoutSeconds: job.timeoutSeconds,
        retries: job.retries,
        queue: job.queue,
        experimentId: job.experimentId
      },
      principal
    );
  }

  /** The job's output from byte `since`; with `follow`, the stream stays open until the job ends. */
  async logs(jobId: string, options: { follow?: boolean; since?: number } = {}): Promise<Readable> {
    await this.records.require(jobId);
    const isRunning = async () => !TERMINAL_JOB_STATES.has((await this.records.require(jobId)).state);
    return this.logFiles.read(jobId, options.since ?? 0, options.follow ? isRunning : undefined);
  }

  async queues(): Promise<QueueStatus[]> {
    const active = await this.records.inStates(['queued', 'running']);
    return this.deps.queues.map((queue) => {
      const mine = active.filter((job) => job.queue === queue.name);
      const running = mine.filter((job) => job.state === 'running');
      return {
        ...queue,
        running: running.length,
        queued: mine.length - running.length,
        gpusInUse: running.reduce((sum, job) => sum + job.resources.gpus, 0)
      };
    });
  }

  /**
   * At start, after prepare and before serving: each job that was running is handed to its executor to re-attach
   * (Kubernetes); one that cannot be (a local process) fails with "executor restarted".
   */
  async recover(): Promise<void> {
    for (const executor of Object.values(this.deps.executors)) await executor?.prepare?.();
    for (const job of await this.records.find({ state: 'running' })) {
      const attempt = job.attempts.length;
      const executor = this.deps.executors[job.executor];
      let outcome: 'reattached' | 'lost' = 'lost';
      if (executor && attempt > 0) {
        try {
          // An executor that re-attaches replays the attempt's output from its start (Kubernetes reads the pod's log again).
          if (executor.kind !== 'local')
            await this.logFiles.append(
              job._id,
              `[mlportal] backend restarted: re-attaching; attempt ${attempt}'s output follows again from its start\n`
            );
          outcome = await executor.reattach(
            this.runner.specOf(job, attempt, undefined, executor.kind),
            this.runner.hooksFor(job._id, attempt)
          );
        } catch (err) {
          this.deps.logger.warn({ err, jobId: job._id }, 'could not re-attach a job');
        }
      }
      if (outcome === 'lost')
        await this.runner.serial(job._id, () => this.runner.end(job._id, { state: 'failed', reason: 'executor restarted' }));
      this.deps.logger.info({ jobId: job._id, outcome }, `job ${outcome} after restart`);
    }
  }

  /** Unknown training sets and model versions are refused before anything is stored, naming the field. */
  private async requireInputs(inputs: JobDocument['inputs']): Promise<void> {
    const named = async (field: string, check: () => Promise<void>) => {
      try {
        await check();
      } catch (err) {
        if (err instanceof NotFoundError) throw new NotFoundError(`${field}: ${err.message}`, { field });
        throw err;
      }
    };
    for (const [index, id] of inputs.trainingSets.entries()) {
      await named(`body.inputs.trainingSets[${index}]`, () => this.deps.neighbours.requireTrainingSet(id));
    }
    for (const [index, { model, version }] of inputs.modelVersions.entries()) {
      await named(`body.inputs.modelVersions[${index}]`, () => this.deps.neighbours.requireModelVersion(model, version));
    }
  }

  /** The backend's URL is known: jobs may start. */
  listening(url: string): void {
    this.runner.listening(this.deps.jobUrl ?? url);
    this.retention.start();
  }

  /** Removes the folders of jobs finished longer ago than the retention period now (it also runs on a timer). */
  sweepFinishedJobFolders(): Promise<number> {
    return this.retention.sweep();
  }

  async close(): Promise<void> {
    this.retention.stop();
    await this.runner.close();
    await Promise.all(Object.values(this.deps.executors).map((executor) => executor?.close()));
    await this.logFiles.closeAll();
  }
}
