import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import * as React from 'react';
import { ModelSidePanel } from '../ui/model-side-panel';
import { TranslatorContext } from '../ui/TranslatorContext';
import { jobsIcon } from './icon';
import type { JobsModel } from './model';
import { JobsView } from './views/JobsView';
import type { IJobPageActions } from './views/JobPageView';

export const JOBS_PANEL_ID = 'mlportal-jobs';

/** The React body; re-renders whenever the model's state changes. */
class JobsBody extends ReactWidget {
  private readonly _actions: IJobPageActions;

  constructor(
    private readonly _model: JobsModel,
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-mlportal-discovery-body');
    const model = _model;
    this._actions = {
      back: () => model.back(),
      cancel: (jobId) => void model.cancel(jobId),
      rerun: (jobId) => void model.rerun(jobId),
      openRun: (jobId) => void model.openRun(jobId),
      openJob: (jobId) => void model.openJob(jobId)
    };
  }

  protected render(): JSX.Element {
    return (
      <TranslatorContext.Provider value={this._trans}>
        <UseSignal signal={this._model.stateChanged}>{() => <JobsView state={this._model.state} actions={this._actions} />}</UseSignal>
      </TranslatorContext.Provider>
    );
  }
}

/** The left sidebar: a toolbar (its buttons come from schema/jobs.json) above the body; refreshes only while shown. */
export class JobsPanel extends ModelSidePanel {
  constructor(
    private readonly _jobs: JobsModel,
    trans: TranslationBundle
  ) {
    super(_jobs, new JobsBody(_jobs, trans), {
      id: JOBS_PANEL_ID,
      className: 'jp-mlportal-jobs-panel',
      icon: jobsIcon,
      label: trans.__('Jobs')
    });
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._jobs.setVisible(true);
  }

  protected onAfterHide(msg: Message): void {
    super.onAfterHide(msg);
    this._jobs.setVisible(false);
  }
}
