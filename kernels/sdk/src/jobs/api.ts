import { JobListSchema, JobSchema, QueueListSchema, TERMINAL_JOB_STATES } from '@mlportal/contract';
import { ClientBoundApi, segment } from '../client-bound';
import { MlportalError } from '../errors';
import type { FollowOptions, Job, JobQuery, JobSpec, LogOptions, QueueStatus, WaitOptions } from './types';

export const JOBS_PATH = '/api/v1/jobs';

const DEFAULT_POLL_MS = 2000;
/** Past the longest job timeout (7 days), and below the most a timer can wait (~24.8 days). */
const DEFAULT_FOLLOW_TIMEOUT_MS = 8 * 24 * 3600 * 1000;

/**
 * Training jobs: submit, watch, follow logs, cancel. Browser-safe (`client.jobs`); the Node entry's
 * module-level `jobs` reads MLPORTAL_URL and MLPORTAL_TOKEN.
 */
export class JobsApi extends ClientBoundApi {
  /** Queues the job; it runs when its queue, quota and executor allow. Its run is job.runId. */
  async submit(spec: JobSpec): Promise<Job> {
    return this.call(JobSchema, JOBS_PATH, { method: 'POST', body: spec });
  }

  async get(jobId: string): Promise<Job> {
    return this.call(JobSchema, `${JOBS_PATH}/${segment(jobId)}`);
  }

  /** Newest first. */
  async list(query: JobQuery = {}): Promise<Job[]> {
    const answer = await this.call(JobListSchema, JOBS_PATH, { query: { ...query } });
    return answer.jobs;
  }

  /** A queued job ends at once; a running one once its processes have stopped (see wait). */
  async cancel(jobId: string): Promise<Job> {
    return this.call(JobSchema, `${JOBS_PATH}/${segment(jobId)}/cancel`, { method: 'POST' });
  }

  /** A new job with the same spec. */
  async rerun(jobId: string): Promise<Job> {
    return this.call(JobSchema, `${JOBS_PATH}/${segment(jobId)}/rerun`, { method: 'POST' });
  }

  async queues(): Promise<QueueStatus[]> {
    const answer = await this.call(QueueListSchema, '/api/v1/queues');
    return answer.queues;
  }

  /** The job once it has succeeded, failed or been cancelled (it does not throw for a failed job: check job.state). */
  async wait(jobId: string, options: WaitOptions = {}): Promise<Job> {
    const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    const deadline = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
    for (;;) {
      const job = await this.get(jobId);
      if (TERMINAL_JOB_STATES.has(job.state)) return job;
      if (Date.now() + pollMs > deadline) {
        throw new MlportalError(
          `job ${jobId} is still ${job.state} after ${Math.round((options.timeoutMs ?? 0) / 1000)} s${job.waitingReason ? ` (${job.waitingReason})` : ''}`
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /**
   * The job's output. Without `follow`: the text so far. With `{ follow: true }`: the text as it
   * comes, chunk by chunk, until the job ends (`for await (const text of jobs.logs(id, { follow: true }))`).
   */
  logs(jobId: string, options: FollowOptions): AsyncIterable<string>;
  logs(jobId: string, options?: LogOptions & { follow?: false }): Promise<string>;
  logs(jobId: string, options: LogOptions & { follow?: boolean; timeoutMs?: number } = {}): AsyncIterable<string> | Promise<string> {
    if (options.follow) return this.follow(jobId, options.since ?? 0, options.timeoutMs ?? DEFAULT_FOLLOW_TIMEOUT_MS);
    return (async () => {
      let text = '';
      for await (const chunk of this.follow(jobId, options.since ?? 0, undefined)) text += chunk;
      return text;
    })();
  }

  private async *follow(jobId: string, since: number, followTimeoutMs: number | undefined): AsyncGenerator<string> {
    const download = await this.client().download(`${JOBS_PATH}/${segment(jobId)}/logs`, {
      query: { since: since > 0 ? since : undefined, follow: followTimeoutMs !== undefined ? true : undefined },
      ...(followTimeoutMs !== undefined ? { timeoutMs: followTimeoutMs } : {})
    });
    // A multi-byte character may be split between chunks: the decoder keeps the partial bytes.
    const decoder = new TextDecoder();
    for await (const bytes of download.chunks) {
      const text = decoder.decode(bytes, { stream: true });
      if (text) yield text;
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }
}
