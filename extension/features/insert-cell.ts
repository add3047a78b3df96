import { NotebookActions, type NotebookPanel } from '@jupyterlab/notebook';

/** The kernel the inserted code is written for. */
const TSLAB_KERNEL = 'tslab';

/**
 * Adds a new code cell holding `source` right below the notebook's active cell (at the top of an
 * empty notebook) and makes it the active one; returns its index.
 */
export function insertCodeCellBelow(panel: NotebookPanel, source: string): number {
  const notebook = panel.content;
  NotebookActions.insertBelow(notebook);
  // insertBelow makes the notebook's default cell type, which a user may have set to markdown.
  if (notebook.activeCell?.model.type !== 'code') {
    NotebookActions.changeCellType(notebook, 'code');
  }
  notebook.activeCell!.model.sharedModel.setSource(source);
  return notebook.activeCellIndex;
}

/** The notebook's kernel when it is known and not tslab: the inserted TypeScript will not run there. */
export function otherKernel(panel: NotebookPanel): string | null {
  const kernel = panel.sessionContext.session?.kernel?.name;
  return kernel && kernel !== TSLAB_KERNEL ? kernel : null;
}
