import type { Job } from '@mlportal/sdk/core';
import * as React from 'react';
import { exactTime, relativeTime } from '../../ui/format';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { useTrans } from '../../ui/TranslatorContext';
import type { IJobListState } from '../state';
import { JobStateBadge } from './JobStateBadge';

export interface IJobListProps {
  list: IJobListState;
  openJob(jobId: string): void;
}

/** Queued, running and finished jobs, newest first. */
export function JobListView({ list, openJob }: IJobListProps): JSX.Element {
  const trans = useTrans();
  return (
    <section className="jp-mlportal-job-list" aria-label={trans.__('Job list')}>
      <ProblemAlert problem={list.problem} />
      {list.done && list.jobs.length === 0 && !list.problem && (
        <p className="jp-mlportal-muted">
          {trans.__('No jobs yet. Submit a cell with the "Submit to GPU cluster" button of its toolbar.')}
        </p>
      )}
      {!list.done && list.loading && <p className="jp-mlportal-muted">{trans.__('Loading jobs…')}</p>}
      <ul className="jp-mlportal-list" role="list" aria-label={trans.__('Jobs')}>
        {list.jobs.map((job) => (
          <JobRow key={job.id} job={job} openJob={openJob} />
        ))}
      </ul>
    </section>
  );
}

function JobRow({ job, openJob }: { job: Job; openJob(jobId: string): void }): JSX.Element {
  const trans = useTrans();
  const { gpus: count, gpuType } = job.resources;
  const gpus =
    count > 0
      ? gpuType
        ? trans._n('%1 GPU (%2)', '%1 GPUs (%2)', count, gpuType)
        : trans._n('%1 GPU', '%1 GPUs', count)
      : trans.__('no GPU');
  return (
    <li className="jp-mlportal-job-row" data-job={job.id} data-state={job.state}>
      <button type="button" className="jp-mlportal-link-button jp-mlportal-job-name" onClick={() => openJob(job.id)}>
        {job.name}
      </button>
      <JobStateBadge state={job.state} />
      <div className="jp-mlportal-muted jp-mlportal-job-facts">
        <span data-field="queue">{job.queue}</span> · <span data-field="gpus">{gpus}</span> ·{' '}
        <span data-field="age" title={exactTime(job.createdAt, trans)}>
          {relativeTime(job.createdAt, trans)}
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
