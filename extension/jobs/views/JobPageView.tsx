import type { Run } from '@mlportal/sdk/core';
import * as React from 'react';
import { exactTime } from '../../features/format';
import { ProblemAlert } from '../../features/ProblemAlert';
import { KeyValueTable } from '../../registry/KeyValueTable';
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
export function JobPageView({ page, action, permissions, actions }: { page: IJobPage; action: IJobAction; permissions: IJobsPermissions | null; actions: IJobPageActions }): JSX.Element {
  const { job } = page;
  const logRef = React.useRef<HTMLPreElement>(null);
  React.useEffect(() => {
    if (logRef.current) {
      logRef.current.scrollTop = logRef.current.scrollHeight;
    }
  }, [page.log]);
  return (
    <section className="jp-mlportal-job-page" role="region" aria-label={`Job ${job.id}`} data-job={job.id}>
      <button type="button" className="jp-mlportal-link-button" onClick={actions.back}>
        ← All jobs
      </button>
      <h3>
        {job.name} <JobStateBadge state={job.state} />
      </h3>
      <ProblemAlert problem={page.problem} />
      {job.reason && <p data-field="reason">Reason: {job.reason}</p>}
      {job.state === 'queued' && job.waitingReason && <p data-field="waiting">Waiting: {job.waitingReason}</p>}
      <div className="jp-mlportal-job-actions">
        {isActive(job) && permissions?.cancel !== false && (
          <button type="button" className="jp-mod-styled jp-mod-warn" disabled={action.busy} onClick={() => actions.cancel(job.id)}>
            Cancel
          </button>
        )}
        {!isActive(job) && permissions?.submit !== false && (
          <button type="button" className="jp-mod-styled jp-mod-accept" disabled={action.busy} onClick={() => actions.rerun(job.id)}>
            Rerun
          </button>
        )}
        <button type="button" className="jp-mod-styled" onClick={() => actions.openRun(job.id)}>
          Open run
        </button>
      </div>
      {action.message && <p role="status">{action.message}</p>}
      <ProblemAlert problem={action.problem} />
      <KeyValueTable
        label="Spec"
        empty=""
        values={{
          id: job.id,
          queue: `${job.queue} (${job.executor})`,
          image: job.image,
          command: [...job.command.map(part => (part.length > 60 ? `${part.slice(0, 57)}…` : part)), ...(job.args.length > 0 ? [`+ ${job.args.length} arg(s)`] : [])].join(' '),
          gpus: `${job.resources.gpus}${job.resources.gpuType ? ` × ${job.resources.gpuType}` : ''}`,
          timeout: `${job.timeoutSeconds} s`,
          retries: job.retries,
          created: `${exactTime(job.createdAt)} by ${job.createdBy}`,
          run: job.runId
        }}
      />
      <h4>Attempts</h4>
      {job.attempts.length === 0 ? (
        <p className="jp-mlportal-muted">None yet.</p>
      ) : (
        <table className="jp-mlportal-table" aria-label="Attempts">
          <tbody>
            {job.attempts.map(attempt => (
              <tr key={attempt.attempt} data-attempt={attempt.attempt}>
                <th scope="row">#{attempt.attempt}</th>
                <td>
                  <JobStateBadge state={attempt.state} />
                </td>
                <td>{attempt.exitCode !== undefined ? `exit ${attempt.exitCode}` : ''}</td>
                <td>{attempt.reason ?? ''}</td>
                <td title={attempt.placement?.gpus?.length ? `GPUs ${attempt.placement.gpus.join(', ')}` : ''}>{attempt.placement?.node ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>Log {page.following && <span className="jp-mlportal-muted">(following)</span>}</h4>
      <ProblemAlert problem={page.logProblem} />
      <pre className="jp-mlportal-job-log" aria-label="Log" ref={logRef}>
        {page.log}
      </pre>
      <h4>Metrics</h4>
      <RunMetrics run={page.run} />
    </section>
  );
}

/** A job's run: params and latest metrics. */
export function RunPageView({ page, actions }: { page: IRunPage; actions: IJobPageActions }): JSX.Element {
  const { job, run } = page;
  return (
    <section className="jp-mlportal-run-page" role="region" aria-label={`Run of job ${job.id}`} data-run={job.runId}>
      <button type="button" className="jp-mlportal-link-button" onClick={actions.back}>
        ← All jobs
      </button>
      <h3>
        Run {job.runId} {run && <span className="jp-mlportal-badge" data-field="status">{run.status}</span>}
      </h3>
      <p>
        Of job{' '}
        <button type="button" className="jp-mlportal-link-button" onClick={() => actions.openJob(job.id)}>
          {job.name}
        </button>{' '}
        <JobStateBadge state={job.state} />
      </p>
      <ProblemAlert problem={page.problem} />
      <h4>Params</h4>
      {run ? <KeyValueTable label="Params" values={run.params} empty="No params logged." /> : <p className="jp-mlportal-muted">Loading…</p>}
      <h4>Metrics</h4>
      <RunMetrics run={run} />
    </section>
  );
}

function RunMetrics({ run }: { run: Run | null }): JSX.Element {
  if (!run) {
    return <p className="jp-mlportal-muted">Loading…</p>;
  }
  const latest = Object.fromEntries(Object.entries(run.metrics).map(([key, point]) => [key, point.value]));
  return <KeyValueTable label="Metrics" values={latest} empty="No metrics logged (yet)." />;
}
