import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';
import { TranslatorContext, useTrans } from '../ui/TranslatorContext';
import { JOB_STATUS_MIME, statusLine, type IJobStatus } from './job-output';
import { JobStateBadge } from './views/JobStateBadge';

/** Opens the job's run (or page) in the Jobs sidebar. */
export type OpenJob = (jobId: string, view: 'job' | 'run') => void;

/** The status a job shows in its cell: state, id, reason, and buttons to its run and its page. */
export function JobStatusView({ status, openJob }: { status: IJobStatus; openJob: OpenJob }): JSX.Element {
  const trans = useTrans();
  const final = status.state === 'succeeded' || status.state === 'failed' || status.state === 'cancelled';
  return (
    <div
      className="jp-mlportal-job-status"
      role="status"
      aria-label={trans.__('Job %1', status.jobId)}
      data-job={status.jobId}
      data-state={status.state}
    >
      <JobStateBadge state={status.state} />
      <span className="jp-mlportal-job-status-text">{statusLine(status, trans)}</span>
      {final && (
        <button type="button" className="jp-mlportal-link-button" onClick={() => openJob(status.jobId, 'run')}>
          {trans.__('Open run')}
        </button>
      )}
      <button type="button" className="jp-mlportal-link-button" onClick={() => openJob(status.jobId, 'job')}>
        {trans.__('Open job')}
      </button>
    </div>
  );
}

/** Renders application/vnd.mlportal.job+json outputs. */
class JobStatusRenderer extends ReactWidget implements IRenderMime.IRenderer {
  private _status: IJobStatus | null = null;

  constructor(
    private readonly _openJob: OpenJob,
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-mlportal-job-status-output');
  }

  renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this._status = model.data[JOB_STATUS_MIME] as unknown as IJobStatus;
    this.update();
    return Promise.resolve();
  }

  protected render(): JSX.Element | null {
    return this._status ? (
      <TranslatorContext.Provider value={this._trans}>
        <JobStatusView status={this._status} openJob={this._openJob} />
      </TranslatorContext.Provider>
    ) : null;
  }
}

/** The renderer factory the Jobs plugin adds to the notebook's rendermime registry. */
export function jobStatusRendererFactory(openJob: OpenJob, trans: TranslationBundle): IRenderMime.IRendererFactory {
  return {
    // It shows only what the job's record says, through React (no HTML from the output): safe in untrusted notebooks too.
    safe: true,
    mimeTypes: [JOB_STATUS_MIME],
    defaultRank: 20,
    createRenderer: () => new JobStatusRenderer(openJob, trans)
  };
}
