import type { ICodeCellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { JobsApi } from '@mlportal/sdk/core';
import { CellJobFollower, type CellJobFollowers } from './cell-follower';
import { JOB_STATUS_MIME, markedJobId, type IJobStatus } from './job-output';

/**
 * A notebook saved or closed while a job it submitted still ran shows that job as queued or
 * running: when it is opened again, follow those jobs anew (the log is read from its start, so the
 * cell ends up with all of it and the final state).
 */
export async function resumeFollows(
  panel: NotebookPanel,
  jobs: JobsApi,
  followers: CellJobFollowers,
  trans: TranslationBundle
): Promise<void> {
  const cells = panel.content.model?.cells;
  if (!cells) {
    return;
  }
  for (let index = 0; index < cells.length; index++) {
    const cell = cells.get(index);
    if (cell.type !== 'code') {
      continue;
    }
    const code = cell as ICodeCellModel;
    for (let output = 0; output < code.outputs.length; output++) {
      const model = code.outputs.get(output);
      const status = model.data[JOB_STATUS_MIME] as unknown as IJobStatus | undefined;
      if (markedJobId(model) && status && (status.state === 'queued' || status.state === 'running')) {
        try {
          const job = await jobs.get(status.jobId);
          if (!panel.isDisposed) {
            void followers.follow(code, new CellJobFollower(code, jobs, job, { trans }), panel.disposed);
          }
        } catch {
          // Unreachable backend or a job since deleted: the cell keeps what it showed.
        }
        break;
      }
    }
  }
}
