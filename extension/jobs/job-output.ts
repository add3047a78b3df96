/**
 * What a job submitted from a cell leaves in the cell's output area: one status output (marked in
 * its metadata with the job's id, rendered by JobStatusOutput), then the job's log as stream output.
 * Everything from the status output on belongs to the job, so a re-submission replaces exactly that
 * and keeps what the cell printed when it ran in the kernel.
 */
import type * as nbformat from '@jupyterlab/nbformat';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { Job, JobState } from '@mlportal/sdk/core';
import { untranslated } from '../ui/untranslated';

export const JOB_STATUS_MIME = 'application/vnd.mlportal.job+json';

/** What the status output carries; a snapshot of the job. */
export interface IJobStatus {
  jobId: string;
  name: string;
  state: JobState;
  runId: string;
  queue: string;
  executor: string;
  reason?: string;
  waitingReason?: string;
}

export function jobStatus(job: Job): IJobStatus {
  return {
    jobId: job.id,
    name: job.name,
    state: job.state,
    runId: job.runId,
    queue: job.queue,
    executor: job.executor,
    ...(job.reason ? { reason: job.reason } : {}),
    ...(job.waitingReason ? { waitingReason: job.waitingReason } : {})
  };
}

/** One line for a reader (and for frontends without the renderer). */
export function statusLine(status: IJobStatus, trans: TranslationBundle = untranslated): string {
  const what = trans.__('Job %1 (%2) on queue %3', status.jobId, status.name, status.queue);
  switch (status.state) {
    case 'queued':
      return status.waitingReason ? trans.__('%1: queued — %2', what, status.waitingReason) : trans.__('%1: queued', what);
    case 'running':
      return trans.__('%1: running', what);
    case 'succeeded':
      return trans.__('%1: succeeded. Run %2', what, status.runId);
    case 'failed':
      return status.reason
        ? trans.__('%1: failed — %2. Run %3', what, status.reason, status.runId)
        : trans.__('%1: failed. Run %2', what, status.runId);
    case 'cancelled':
      return status.reason && status.reason !== 'cancelled'
        ? trans.__('%1: cancelled — %2. Run %3', what, status.reason, status.runId)
        : trans.__('%1: cancelled. Run %2', what, status.runId);
  }
}

/** The marked display output that shows the job's state. */
export function statusOutput(status: IJobStatus, trans: TranslationBundle = untranslated): nbformat.IDisplayData {
  return {
    output_type: 'display_data',
    data: { [JOB_STATUS_MIME]: status as unknown as nbformat.IMimeBundle[string], 'text/plain': statusLine(status, trans) },
    metadata: { mlportal: { job: status.jobId } }
  };
}

/** The job id an output is marked with, if it is a job's status output. */
export function markedJobId(output: { metadata?: unknown }): string | null {
  const job = (output.metadata as { mlportal?: { job?: unknown } } | undefined)?.mlportal?.job;
  return typeof job === 'string' ? job : null;
}

/** Index of the first output a job wrote (its status output), or -1 when no job wrote any. */
export function firstJobOutput(outputs: readonly { metadata?: unknown }[]): number {
  return outputs.findIndex((output) => markedJobId(output) !== null);
}
