import type { Run } from '@mlportal/sdk/core';
import * as React from 'react';
import { exactTime } from '../../ui/format';
import { KeyValueTable } from '../../ui/KeyValueTable';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { useTrans } from '../../ui/TranslatorContext';
import { isActive, type IJobAction, type IJobPage, type IJobsPermissions, type IRunPage } from '../state';
import { JobStateBadge } from './JobStateBadge';

export interface IJobPageActions {
  back(): void;
  cancel(jobId: string): void;
  rerun(jobId: string): void;
  openRun(jobId: string): void;
  openJob(jobId: string): void;
}

/** A job: state, spec, attempts, its live log, Cancel and Rerun, and its run's metrics. */
export function JobPageView({
  page,
  action,
  permissions,
  actions
}: {
  page: IJobPage;
  action: IJobAction;
  permissions: IJobsPermissions | null;
  actions: IJobPageActions;
}): JSX.Element {
  const trans = useTrans();
  const { job } = page;
  const logRef = React.useRef<HTMLPreElement>(null);
  React.useEffect(() => {
    if (logRef.current) {
      logRef.current.scrollTop = logRef.current.scrollHeight;
    }
  }, [page.log]);
  return (
    <section className="jp-mlportal-job-page" role="region" aria-label={trans.__('Job %1', job.id)} data-job={job.id}>
      <button type="button" className="jp-mlportal-link-button" onClick={actions.back}>
        ← {trans.__('All jobs')}
      </button>
      <h3>
        {job.name} <JobStateBadge state={job.state} />
      </h3>
      <ProblemAlert problem={page.problem} />
      {job.reason && <p data-field="reason">{trans.__('Reason: %1', job.reason)}</p>}
      {job.state === 'queued' && job.waitingReason && <p data-field="waiting">{trans.__('Waiting: %1', job.waitingReason)}</p>}
      <div className="jp-mlportal-job-actions">
        {isActive(job) && permissions?.cancel !== false && (
          <button type="button" className="jp-mod-styled jp-mod-warn" disabled={action.busy} onClick={() => actions.cancel(job.id)}>
            {trans.__('Cancel')}
          </button>
        )}
        {!isActive(job) && permissions?.submit !== false && (
          <button type="button" className="jp-mod-styled jp-mod-accept" disabled={action.busy} onClick={() => actions.rerun(job.id)}>
            {trans.__('Rerun')}
          </button>
        )}
        <button type="button" className="jp-mod-styled" onClick={() => actions.openRun(job.id)}>
          {trans.__('Open run')}
        </button>
      </div>
      {action.message && <p role="status">{action.message}</p>}
      <ProblemAlert problem={action.problem} />
      <KeyValueTable
        label={trans.__('Spec')}
        empty=""
        values={{
          id: job.id,
          queue: `${job.queue} (${job.executor})`,
          image: job.image,
          command: [
            ...job.command.map((part) => (part.length > 60 ? `${part.slice(0, 57)}…` : part)),
            ...(job.args.length > 0 ? [trans.__('+ %1 arg(s)', job.args.length)] : [])
          ].join(' '),
          gpus: `${job.resources.gpus}${job.resources.gpuType ? ` × ${job.resources.gpuType}` : ''}`,
          timeout: trans.__('%1 s', job.timeoutSeconds),
          retries: job.retries,
          created: trans.__('%1 by %2', exactTime(job.createdAt, trans), job.createdBy),
          run: job.runId
        }}
        labels={{
          id: trans.__('id'),
          queue: trans.__('queue'),
          image: trans.__('image'),
          command: trans.__('command'),
          gpus: trans.__('gpus'),
          timeout: trans.__('timeout'),
          retries: trans.__('retries'),
          created: trans.__('created'),
          run: trans.__('run')
        }}
      />
      <h4>{trans.__('Attempts')}</h4>
      {job.attempts.length === 0 ? (
        <p className="jp-mlportal-muted">{trans.__('None yet.')}</p>
      ) : (
        <table className="jp-mlportal-table" aria-label={trans.__('Attempts')}>
          <tbody>
            {job.attempts.map((attempt) => (
              <tr key={attempt.attempt} data-attempt={attempt.attempt}>
                <th scope="row">#{attempt.attempt}</th>
                <td>
                  <JobStateBadge state={attempt.state} />
                </td>
                <td>{attempt.exitCode !== undefined ? trans.__('exit %1', attempt.exitCode) : ''}</td>
                <td>{attempt.reason ?? ''}</td>
                <td title={attempt.placement?.gpus?.length ? trans.__('GPUs %1', attempt.placement.gpus.join(', ')) : ''}>
                  {attempt.placement?.node ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>
        {trans.__('Log')} {page.following && <span className="jp-mlportal-muted">{trans.__('(following)')}</span>}
      </h4>
      <ProblemAlert problem={page.logProblem} />
      <pre className="jp-mlportal-job-log" aria-label={trans.__('Log')} ref={logRef}>
        {page.log}
      </pre>
      <h4>{trans.__('Metrics')}</h4>
      <RunMetrics run={page.run} />
    </section>
  );
}

/** A job's run: params and latest metrics. */
export function RunPageView({ page, actions }: { page: IRunPage; actions: IJobPageActions }): JSX.Element {
  const trans = useTrans();
  const { job, run } = page;
  return (
    <section className="jp-mlportal-run-page" role="region" aria-label={trans.__('Run of job %1', job.id)} data-run={job.runId}>
      <button type="button" className="jp-mlportal-link-button" onClick={actions.back}>
        ← {trans.__('All jobs')}
      </button>
      <h3>
        {trans.__('Run %1', job.runId)}{' '}
        {run && (
          <span className="jp-mlportal-badge" data-field="status">
            {run.status}
          </span>
        )}
      </h3>
      <p>
        {trans.__('Of job')}{' '}
        <button type="button" className="jp-mlportal-link-button" onClick={() => actions.openJob(job.id)}>
          {job.name}
        </button>{' '}
        <JobStateBadge state={job.state} />
      </p>
      <ProblemAlert problem={page.problem} />
      <h4>{trans.__('Params')}</h4>
      {run ? (
        <KeyValueTable label={trans.__('Params')} values={run.params} empty={trans.__('No params logged.')} />
      ) : (
        <p className="jp-mlportal-muted">{trans.__('Loading…')}</p>
      )}
      <h4>{trans.__('Metrics')}</h4>
      <RunMetrics run={run} />
    </section>
  );
}

function RunMetrics({ run }: { run: Run | null }): JSX.Element {
  const trans = useTrans();
  if (!run) {
    return <p className="jp-mlportal-muted">{trans.__('Loading…')}</p>;
  }
  const latest = Object.fromEntries(Object.entries(run.metrics).map(([key, point]) => [key, point.value]));
  return <KeyValueTable label={trans.__('Metrics')} values={latest} empty={trans.__('No metrics logged (yet).')} />;
}
