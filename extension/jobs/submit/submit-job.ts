import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { NotebookPanel } from '@jupyterlab/notebook';
import { cellJob, DEFAULT_CELL_IMAGES, MlportalApiError, type CellLanguage, type Job, type JobsApi, type QueueStatus } from '@mlportal/sdk/core';
import { describeProblem } from '../../features/problem';
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
    return { type: cell.type, source: cell.sharedModel.getSource(), tags: Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [] };
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
export async function submitFromNotebook(panel: NotebookPanel, target: SubmitTarget, jobs: JobsApi): Promise<Job | null> {
  const code = codeToSubmit(cellInfos(panel), target);
  const language = notebookLanguage(panel);
  let queues: QueueStatus[] = [];
  let problems: string[] = [];
  try {
    queues = await jobs.queues();
  } catch (error) {
    problems.push(`Queue: ${describeProblem(error, 'Listing the queues').message}`);
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
  const summary = describeSubmission(code, target, language);
  for (;;) {
    const refusals = [...(code.ok ? [] : [`Cell: ${code.problem}`]), ...(language ? [] : [`Kernel: ${unsupportedKernel(panel)}`])];
    const result = await showDialog({
      title: target.kind === 'cell' ? 'Submit cell to GPU cluster' : 'Submit notebook to GPU cluster',
      body: new SubmitDialogBody(form, queues, summary, [...refusals, ...problems]),
      buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Submit' })],
      focusNodeSelector: 'input[aria-label="GPUs"]'
    });
    if (!result.button.accept || !result.value) {
      return null;
    }
    form = result.value;
    const checked = checkSubmitForm(form, queues);
    problems = checked.ok ? [] : checked.problems;
    if (!checked.ok || !code.ok || !language) {
      continue;
    }
    try {
      const job = cellJob(language, code.cells, { image: checked.fields.image });
      return await jobs.submit({ ...checked.fields, ...job });
    } catch (error) {
      problems = [refusal(error)];
    }
  }
}

function describeSubmission(code: ReturnType<typeof codeToSubmit>, target: SubmitTarget, language: CellLanguage | null): string {
  const runtime = language === 'typescript' ? 'TypeScript, on the tslab runtime' : language === 'python' ? 'Python' : 'an unsupported language';
  if (!code.ok) {
    return `Nothing to send yet (${runtime}).`;
  }
  if (target.kind === 'notebook') {
    return `Sends the notebook's ${code.cells.length} code cell${code.cells.length === 1 ? '' : 's'}, in order (${runtime}).`;
  }
  const setup = code.setupCells === 0 ? 'no cells tagged "setup"' : `${code.setupCells} cell${code.setupCells === 1 ? '' : 's'} tagged "setup" first`;
  return `Sends cell ${target.index + 1}, with ${setup} (${runtime}). Its log streams into the cell.`;
}

function unsupportedKernel(panel: NotebookPanel): string {
  const name = panel.sessionContext.session?.kernel?.name ?? panel.sessionContext.kernelDisplayName;
  return `cells of the ${name} kernel cannot run as a job: use the TypeScript (tslab) or a Python kernel.`;
}

/** The backend's own words for a refused job (they name the field); anything else described. */
function refusal(error: unknown): string {
  if (error instanceof MlportalApiError && (error.status === 400 || error.status === 404 || error.status === 422)) {
    return `The backend refused the job: ${error.backendMessage}`;
  }
  return describeProblem(error, 'Submitting the job').message;
}
