/**
 * Training jobs as the SDK sees them: the wire types are the contract's (`@mlportal/contract`);
 * what is declared here are the SDK's own options, built on them.
 */
import type { z } from 'zod';
import type { JobInputsSchema, JobLogsQuerySchema, JobResourcesSchema } from '@mlportal/contract';

export type {
  ExecutorKind,
  Job,
  JobAttempt,
  JobState,
  ListJobsQuery as JobQuery,
  QueueStatus,
  SubmitJobRequest as JobSpec
} from '@mlportal/contract';

/** What a job asks for (gpus defaults to 0). */
export type JobResources = z.input<typeof JobResourcesSchema>;
export type JobInputs = z.input<typeof JobInputsSchema>;

export interface WaitOptions {
  /** How often to ask (default 2000 ms). */
  pollMs?: number;
  /** Give up after this long (default: wait as long as it takes). */
  timeoutMs?: number;
}

/** since: the byte offset to start from (what was already read). */
export type LogOptions = Pick<z.output<typeof JobLogsQuerySchema>, 'since'>;

export interface FollowOptions extends LogOptions {
  follow: true;
  /** How long the stream may stay open (default: 8 days, past the longest job timeout). */
  timeoutMs?: number;
}
