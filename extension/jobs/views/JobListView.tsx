import type { Job } from '@mlportal/sdk/core';
import * as React from 'react';
import { exactTime, relativeTime } from '../../features/format';
import { ProblemAlert } from '../../features/ProblemAlert';
import type { IJobListState } from '../state';
import { JobStateBadge } from './JobStateBadge';

export interface IJobListProps {
  list: IJobListState;
  openJob(jobId: string): void;
}

/** Queued, running and finished jobs, newest first. */
export function JobListView({ list, openJob }: IJobListProps): JSX.Element {
  return (
    <section className="jp-mlportal-job-list" aria-label="Job list">
      <ProblemAlert problem={list.problem} />
      {list.done && list.jobs.length === 0 && !list.problem && (
        <p className="jp-mlportal-muted">No jobs yet. Submit a cell with the "Submit to GPU cluster" button of its toolbar.</p>
      )}
      {!list.done && list.loading && <p className="jp-mlportal-muted">Loading jobs…</p>}
      <ul className="jp-mlportal-list" role="list" aria-label="Jobs">
        {list.jobs.map(job => (
          <JobRow key={job.id} job={job} openJob={openJob} />
        ))}
      </ul>
    </section>
  );
}

function JobRow({ job, openJob }: { job: Job; openJob(jobId: string): void }): JSX.Element {
  const gpus = job.resources.gpus > 0 ? `${job.resources.gpus} GPU${job.resources.gpus === 1 ? '' : 's'}${job.resources.gpuType ? ` (${job.resources.gpuType})` : ''}` : 'no GPU';
  return (
    <li className="jp-mlportal-job-row" data-job={job.id} data-state={job.state}>
      <button type="button" className="jp-mlportal-link-button jp-mlportal-job-name" onClick={() => openJob(job.id)}>
        {job.name}
      </button>
      <JobStateBadge state={job.state} />
      <div className="jp-mlportal-muted jp-mlportal-job-facts">
        <span data-field="queue">{job.queue}</span> · <span data-field="gpus">{gpus}</span> ·{' '}
        <span data-field="age" title={exactTime(job.createdAt)}>
          {relativeTime(job.createdAt)}
        </span>
      </div>
      {job.state === 'queued' && job.waitingReason && (
        <div className="jp-mlportal-muted" data-field="waiting">
          {job.waitingReason}
        </div>
      )}
      {job.state === 'failed' && job.reason && (
        <div className="jp-mlportal-muted" data-field="reason">
          {job.reason}
        </div>
      )}
    </li>
  );
}
