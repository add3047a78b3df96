import type { Job, Run, WhoAmI } from '@mlportal/sdk/core';
import type { IProblem } from '../ui/problem';

/** What the token may do with jobs, from whoami's permissions; null while the identity is unknown. */
export interface IJobsPermissions {
  submit: boolean;
  cancel: boolean;
}

export function jobsPermissions(identity: Pick<WhoAmI, 'permissions'> | null): IJobsPermissions | null {
  return identity ? { submit: identity.permissions.includes('jobs:submit'), cancel: identity.permissions.includes('jobs:cancel') } : null;
}

export interface IJobListState {
  jobs: Job[];
  loading: boolean;
  problem: IProblem | null;
  /** True once a first answer (or failure) came. */
  done: boolean;
}

/** A job's page: its spec, attempts, live log and its run's metrics. */
export interface IJobPage {
  kind: 'job';
  job: Job;
  /** The log so far (its tail when long). */
  log: string;
  /** True while the log is followed live. */
  following: boolean;
  logProblem: IProblem | null;
  run: Run | null;
  problem: IProblem | null;
}

/** A job's run: its params and latest metrics. */
export interface IRunPage {
  kind: 'run';
  job: Job;
  run: Run | null;
  problem: IProblem | null;
}

export type JobsPage = IJobPage | IRunPage;

/** The outcome of the last Cancel or Rerun. */
export interface IJobAction {
  busy: boolean;
  message: string | null;
  problem: IProblem | null;
}

export interface IJobsState {
  list: IJobListState;
  page: JobsPage | null;
  action: IJobAction;
  permissions: IJobsPermissions | null;
}

export const IDLE_JOB_ACTION: IJobAction = { busy: false, message: null, problem: null };

const ACTIVE = new Set(['queued', 'running']);

export function isActive(job: Pick<Job, 'state'>): boolean {
  return ACTIVE.has(job.state);
}
