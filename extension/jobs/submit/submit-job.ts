import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import {
  cellJob,
  DEFAULT_CELL_IMAGES,
  MlportalApiError,
  type CellLanguage,
  type Job,
  type JobsApi,
  type QueueStatus
} from '@mlportal/sdk/core';
import { describeProblem } from '../../ui/problem';
import { codeToSubmit, type ICellInfo, type SubmitTarget } from './cells';
import { checkSubmitForm, suggestedJobName, type ISubmitForm } from './form';
import { cellLanguage } from './language';
import { SubmitDialogBody } from './SubmitDialog';

/** The notebook's cells as the submission sees them. */
export function cellInfos(panel: NotebookPanel): ICellInfo[] {
  const cells = panel.content.model?.cells;
  if (!cells) {
    return [];
  }
  return Array.from({ length: cells.length }, (_, index) => {
    const cell = cells.get(index);
    const tags = cell.getMetadata('tags');
    return {
      type: cell.type,
      source: cell.sharedModel.getSource(),
      tags: Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : []
    };
  });
}

/** The notebook's language, from its running kernel or else its saved kernelspec. */
export function notebookLanguage(panel: NotebookPanel): CellLanguage | null {
  const kernel = panel.sessionContext.session?.kernel;
  const spec = panel.content.model?.getMetadata('kernelspec') as { name?: string; language?: string } | undefined;
  return cellLanguage(kernel ? { name: kernel.name, language: spec?.language } : spec);
}

/**
 * "Submit to GPU cluster": asks for the job's settings, checks them and the code, and submits.
 * Every refusal (a field, the code, the backend's 400) re-opens the dialog with the fields as they
 * were and the reason on top. Resolves with the queued job, or null when the user cancelled.
 */
export async function submitFromNotebook(
  panel: NotebookPanel,
  target: SubmitTarget,
  jobs: JobsApi,
  trans: TranslationBundle
): Promise<Job | null> {
  const code = codeToSubmit(cellInfos(panel), target, trans);
  const language = notebookLanguage(panel);
  let queues: QueueStatus[] = [];
  let problems: string[] = [];
  try {
    queues = await jobs.queues();
  } catch (error) {
    problems.push(trans.__('Queue: %1', describeProblem(error, trans.__('Listing the queues'), trans).message));
  }
  const cellNumber = target.kind === 'cell' ? target.index + 1 : undefined;
  let form: ISubmitForm = {
    name: suggestedJobName(panel.context.path, target.kind, cellNumber),
    gpus: '0',
    gpuType: '',
    image: language ? DEFAULT_CELL_IMAGES[language] : '',
    timeoutMinutes: '60',
    queue: queues[0]?.name ?? ''
  };
  const summary = describeSubmission(code, target, language, trans);
  for (;;) {
    const refusals = [
      ...(code.ok ? [] : [trans.__('Cell: %1', code.problem)]),
      ...(language ? [] : [trans.__('Kernel: %1', unsupportedKernel(panel, trans))])
    ];
    const result = await showDialog({
      title: target.kind === 'cell' ? trans.__('Submit cell to GPU cluster') : trans.__('Submit notebook to GPU cluster'),
      body: new SubmitDialogBody(form, queues, summary, [...refusals, ...problems], trans),
      buttons: [Dialog.cancelButton({ label: trans.__('Cancel') }), Dialog.okButton({ label: trans.__('Submit') })],
      // Selected by data-field: its aria-label is translated.
      focusNodeSelector: 'input[data-field="gpus"]'
    });
    if (!result.button.accept || !result.value) {
      return null;
    }
    form = result.value;
    const checked = checkSubmitForm(form, queues, trans);
    problems = checked.ok ? [] : checked.problems;
    if (!checked.ok || !code.ok || !language) {
      continue;
    }
    try {
      const job = cellJob(language, code.cells, { image: checked.fields.image });
      return await jobs.submit({ ...checked.fields, ...job });
    } catch (error) {
      problems = [refusal(error, trans)];
    }
  }
}

function describeSubmission(
  code: ReturnType<typeof codeToSubmit>,
  target: SubmitTarget,
  language: CellLanguage | null,
  trans: TranslationBundle
): string {
  const runtime =
    language === 'typescript'
      ? trans.__('TypeScript, on the tslab runtime')
      : language === 'python'
        ? trans.__('Python')
        : trans.__('an unsupported language');
  if (!code.ok) {
    return trans.__('Nothing to send yet (%1).', runtime);
  }
  if (target.kind === 'notebook') {
    return trans._n(
      "Sends the notebook's %1 code cell, in order (%2).",
      "Sends the notebook's %1 code cells, in order (%2).",
      code.cells.length,
      runtime
    );
  }
  const setup =
    code.setupCells === 0
      ? trans.__('no cells tagged "setup"')
      : trans._n('%1 cell tagged "setup" first', '%1 cells tagged "setup" first', code.setupCells);
  return trans.__('Sends cell %1, with %2 (%3). Its log streams into the cell.', target.index + 1, setup, runtime);
}

function unsupportedKernel(panel: NotebookPanel, trans: TranslationBundle): string {
  const name = panel.sessionContext.session?.kernel?.name ?? panel.sessionContext.kernelDisplayName;
  return trans.__('cells of the %1 kernel cannot run as a job: use the TypeScript (tslab) or a Python kernel.', name);
}

/** The backend's own words for a refused job (they name the field); anything else described. */
function refusal(error: unknown, trans: TranslationBundle): string {
  if (error instanceof MlportalApiError && (error.status === 400 || error.status === 404 || error.status === 422)) {
    return trans.__('The backend refused the job: %1', error.backendMessage);
  }
  return describeProblem(error, trans.__('Submitting the job'), trans).message;
}
