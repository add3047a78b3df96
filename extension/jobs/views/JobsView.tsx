import * as React from 'react';
import type { IJobsState } from '../state';
import { JobListView } from './JobListView';
import { JobPageView, RunPageView, type IJobPageActions } from './JobPageView';

/** The Jobs sidebar: the list, or a job's page, or its run's. */
export function JobsView({ state, actions }: { state: IJobsState; actions: IJobPageActions }): JSX.Element {
  const { page } = state;
  return (
    <div className="jp-mlportal-jobs">
      {page === null && <JobListView list={state.list} openJob={actions.openJob} />}
      {page?.kind === 'job' && <JobPageView page={page} action={state.action} permissions={state.permissions} actions={actions} />}
      {page?.kind === 'run' && <RunPageView page={page} actions={actions} />}
    </div>
  );
}
