import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, IToolbarWidgetRegistry, Notification } from '@jupyterlab/apputils';
import type { ICodeCellModel } from '@jupyterlab/cells';
import { INotebookTracker, type NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ITranslator } from '@jupyterlab/translation';
import type { Job } from '@mlportal/sdk/core';
import { CommandIDs, IConnectionModel } from '../tokens';
import { loadTrans } from '../ui/load-trans';
import { paletteCategory } from '../ui/palette';
import { addSidebar } from '../ui/sidebar';
import { CellJobFollower, CellJobFollowers } from './cell-follower';
import { jobsIcon } from './icon';
import { jobStatusRendererFactory } from './JobStatusOutput';
import { JobsModel } from './model';
import { resumeFollows } from './resume';
import type { SubmitTarget } from './submit/cells';
import { submitFromNotebook } from './submit/submit-job';
import { JOBS_PANEL_ID, JobsPanel } from './widget';

const PLUGIN_ID = 'mlportal:jobs';
/** The toolbar's name in schema/jobs.json's "jupyter.lab.toolbars". */
const TOOLBAR_FACTORY = 'Jobs';

/** The active cell of a notebook when it is a code cell (the only kind that can run as a job). */
function activeCodeCell(panel: NotebookPanel | null | undefined) {
  const cell = panel?.content.activeCell;
  return cell && cell.model.type === 'code' ? cell : null;
}

/** Where a whole notebook's log goes: the active cell when it is code, else the last code cell. */
function logCell(panel: NotebookPanel): ICodeCellModel | null {
  const active = activeCodeCell(panel);
  if (active) {
    return active.model as ICodeCellModel;
  }
  const cells = panel.content.model?.cells;
  for (let index = (cells?.length ?? 0) - 1; index >= 0; index--) {
    const cell = cells?.get(index);
    if (cell?.type === 'code') {
      return cell as ICodeCellModel;
    }
  }
  return null;
}

/**
 * Training jobs in JupyterLab: "Submit to GPU cluster" for a cell (its button is declared in
 * schema/jobs.json) or a whole notebook, the job's log streamed live into the cell with its final
 * state and run, and the Jobs sidebar (jobs, their logs, Cancel, Rerun, their runs' metrics).
 */
export const jobsPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'The Jobs sidebar and the "Submit to GPU cluster" actions of notebooks and their cells.',
  autoStart: true,
  requires: [IConnectionModel, ISettingRegistry, IToolbarWidgetRegistry],
  optional: [INotebookTracker, ICommandPalette, ILayoutRestorer, ITranslator, IRenderMimeRegistry],
  activate: (
    app: JupyterFrontEnd,
    connection: IConnectionModel,
    settingRegistry: ISettingRegistry,
    toolbarRegistry: IToolbarWidgetRegistry,
    notebooks: INotebookTracker | null,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    translator: ITranslator | null,
    rendermime: IRenderMimeRegistry | null
  ): void => {
    const { commands } = app;
    const trans = loadTrans(translator);
    const model = new JobsModel(connection, { trans });
    const panel = new JobsPanel(model, trans);
    addSidebar({
      app,
      panel,
      pluginId: PLUGIN_ID,
      toolbarName: TOOLBAR_FACTORY,
      toolbarRegistry,
      settingRegistry,
      translator,
      restorer,
      rank: 930,
      title: trans.__('Jobs'),
      icon: jobsIcon,
      commands: { open: CommandIDs.openJobs, refresh: CommandIDs.refreshJobs },
      refresh: () => model.refresh(),
      refreshCaption: trans.__('Read the jobs again')
    });
    const followers = new CellJobFollowers();

    const openJob = async (jobId: string, view: 'job' | 'run') => {
      app.shell.activateById(JOBS_PANEL_ID);
      await model.start();
      await (view === 'run' ? model.openRun(jobId) : model.openJob(jobId));
    };
    // Notebooks opened from now on render the status outputs of jobs (with their "Open run" button).
    rendermime?.addFactory(jobStatusRendererFactory((jobId, view) => void commands.execute(CommandIDs.openJob, { jobId, view }), trans));

    const maySubmit = () => connection.state.identity?.permissions.includes('jobs:submit') !== false;
    const submit = async (target: 'cell' | 'notebook') => {
      const notebook = notebooks?.currentWidget;
      if (!notebook) {
        Notification.warning(trans.__('Open a notebook first.'), { autoClose: 5000 });
        return;
      }
      const chosen: SubmitTarget = target === 'cell' ? { kind: 'cell', index: notebook.content.activeCellIndex } : { kind: 'notebook' };
      let job: Job | null;
      try {
        job = await submitFromNotebook(notebook, chosen, connection.client.jobs, trans);
      } catch (error) {
        Notification.error(trans.__('Submitting the job failed: %1', error instanceof Error ? error.message : String(error)), {
          autoClose: false
        });
        return;
      }
      if (!job) {
        return;
      }
      if (panel.isVisible) {
        void model.reloadList();
      }
      const cell =
        target === 'cell'
          ? (notebook.content.model?.cells.get(notebook.content.activeCellIndex) as ICodeCellModel | undefined)
          : logCell(notebook);
      if (!cell || cell.type !== 'code') {
        Notification.info(trans.__('Job %1 is %2: follow it in the Jobs sidebar.', job.id, job.state), { autoClose: 5000 });
        return;
      }
      void followers.follow(cell, new CellJobFollower(cell, connection.client.jobs, job, { trans }), notebook.disposed).then((final) => {
        if (final && panel.isVisible) {
          void model.refresh();
        }
      });
    };

    commands.addCommand(CommandIDs.submitCellJob, {
      label: trans.__('Submit to GPU Cluster'),
      caption: trans.__('Run this cell (after the cells tagged "setup") as a training job; its log streams into the cell'),
      icon: jobsIcon,
      isVisible: () => !!activeCodeCell(notebooks?.currentWidget),
      isEnabled: () => !!activeCodeCell(notebooks?.currentWidget) && maySubmit(),
      execute: () => submit('cell')
    });
    commands.addCommand(CommandIDs.submitNotebookJob, {
      label: trans.__('Submit Notebook to GPU Cluster'),
      caption: trans.__("Run the notebook's code cells, in order, as a training job"),
      icon: jobsIcon,
      isEnabled: () => !!notebooks?.currentWidget && maySubmit(),
      execute: () => submit('notebook')
    });
    commands.addCommand(CommandIDs.openJob, {
      label: (args) =>
        args.view === 'run' ? trans.__('Open the Run of %1', String(args.jobId ?? '')) : trans.__('Open Job %1', String(args.jobId ?? '')),
      caption: trans.__("Show a job's page (or its run's) in the Jobs sidebar"),
      icon: jobsIcon,
      isEnabled: (args) => typeof args.jobId === 'string' && args.jobId !== '',
      execute: (args) => openJob(String(args.jobId), args.view === 'run' ? 'run' : 'job')
    });
    for (const command of [CommandIDs.openJobs, CommandIDs.refreshJobs, CommandIDs.submitCellJob, CommandIDs.submitNotebookJob]) {
      palette?.addItem({ command, category: paletteCategory(trans) });
    }

    // Jobs a notebook was following when it was last closed are followed again when it opens.
    notebooks?.widgetAdded.connect((_, notebook) => {
      void notebook.context.ready.then(() => resumeFollows(notebook, connection.client.jobs, followers, trans));
    });

    // The buttons follow the active cell and what the token may do.
    const changed = () => {
      commands.notifyCommandChanged(CommandIDs.submitCellJob);
      commands.notifyCommandChanged(CommandIDs.submitNotebookJob);
    };
    notebooks?.activeCellChanged.connect(changed);
    notebooks?.currentChanged.connect(changed);
    connection.stateChanged.connect(changed);
  }
};
