import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { RegisteredSummary } from '@mlportal/sdk/core';
import { assignedNames, likelyOnnxVariable, onnxPaths } from './cell-source';
import { checkRegisterForm, suggestedModelName, type IRegisterForm } from './form';
import { executeQuietly, registerCode, registerOutcome } from './kernel-call';
import { RegisterDialogBody, type ISourceCandidates } from './RegisterDialog';

/** The kernel whose SDK the registration code is written for. */
const TSLAB_KERNEL = 'tslab';

/** The active cell of a notebook when it is a code cell (the only kind that produces models). */
export function activeCodeCell(panel: NotebookPanel | null | undefined) {
  const cell = panel?.content.activeCell;
  return cell && cell.model.type === 'code' ? cell : null;
}

/**
 * "Register model" on the notebook's active cell: asks for the source, name, description, metrics
 * and tags (offering what the cell's code names), registers through the SDK in the notebook's own
 * kernel, and shows the version made. A refusal (the fields' checks, the kernel's or the backend's
 * error) re-opens the dialog with the fields as they were and the reason on top.
 * Resolves with the version, or null when the user cancelled.
 */
export async function registerFromActiveCell(panel: NotebookPanel, trans: TranslationBundle): Promise<RegisteredSummary | null> {
  const cell = activeCodeCell(panel);
  if (!cell) {
    throw new Error(trans.__('Select the code cell that produced the model first.'));
  }
  const source = cell.model.sharedModel.getSource();
  const candidates: ISourceCandidates = { variables: assignedNames(source), files: onnxPaths(source) };
  const variable = likelyOnnxVariable(candidates.variables);
  let form: IRegisterForm = {
    sourceKind: variable || candidates.files.length === 0 ? 'variable' : 'file',
    sourceValue: variable ?? candidates.files.at(-1) ?? '',
    name: suggestedModelName(panel.context.path),
    description: '',
    metrics: '',
    tags: ''
  };
  let problems: string[] = [];
  for (;;) {
    const result = await showDialog({
      title: trans.__('Register model'),
      body: new RegisterDialogBody(form, candidates, problems, trans),
      buttons: [Dialog.cancelButton({ label: trans.__('Cancel') }), Dialog.okButton({ label: trans.__('Register') })],
      // Selected by data-field: its aria-label is translated.
      focusNodeSelector: 'input[data-field="model-name"]'
    });
    if (!result.button.accept || !result.value) {
      return null;
    }
    form = result.value;
    const checked = checkRegisterForm(form, trans);
    if (!checked.ok) {
      problems = checked.problems;
      continue;
    }
    const kernel = panel.sessionContext.session?.kernel;
    if (!kernel) {
      problems = [trans.__('The notebook has no running kernel: start the tslab kernel and run the cell first.')];
      continue;
    }
    if (kernel.name !== TSLAB_KERNEL) {
      problems = [trans.__("Registering runs TypeScript in the notebook's kernel; this notebook runs %1, not tslab.", kernel.name)];
      continue;
    }
    const progress = Notification.emit(trans.__('Registering %1…', checked.request.name), 'in-progress', { autoClose: false });
    try {
      const code = registerCode(checked.request, { notebookPath: panel.context.path, cellId: cell.model.id });
      const outcome = registerOutcome(await executeQuietly(kernel, code), trans);
      if (outcome.ok) {
        return outcome.registered;
      }
      problems = [outcome.message];
    } catch (error) {
      problems = [trans.__('The kernel could not run the registration: %1', error instanceof Error ? error.message : String(error))];
    } finally {
      Notification.dismiss(progress);
    }
  }
}

/** Says which version was made; resolves true when the user asked to see it in the registry. */
export async function showRegistered(registered: RegisteredSummary, trans: TranslationBundle): Promise<boolean> {
  const result = await showDialog({
    title: trans.__('Model registered'),
    body: registered.runId
      ? trans.__(
          '%1 version %2 is registered (stage %3, from run %4).',
          registered.model,
          registered.version,
          registered.stage,
          registered.runId
        )
      : trans.__('%1 version %2 is registered (stage %3).', registered.model, registered.version, registered.stage),
    buttons: [Dialog.cancelButton({ label: trans.__('Close') }), Dialog.okButton({ label: trans.__('Open in registry') })]
  });
  return result.button.accept;
}
