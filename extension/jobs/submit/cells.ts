/** Which code a submission sends: the chosen cell after the notebook's setup cells, or every code cell. */
import type { TranslationBundle } from '@jupyterlab/translation';
import { untranslated } from '../../ui/untranslated';

/** The tag that marks a cell (imports, parameters) to run before any cell submitted alone. */
export const SETUP_TAG = 'setup';

/** A notebook cell as the submission sees it. */
export interface ICellInfo {
  type: string;
  source: string;
  tags: readonly string[];
}

export type SubmitTarget = { kind: 'cell'; index: number } | { kind: 'notebook' };

export type CodeToSubmit = { ok: true; cells: string[]; setupCells: number } | { ok: false; problem: string };

/**
 * For one cell: the code cells tagged "setup", in notebook order, then the cell (once, even when it
 * is itself tagged setup). For the notebook: every code cell, in order. Empty cells are left out.
 */
export function codeToSubmit(cells: readonly ICellInfo[], target: SubmitTarget, trans: TranslationBundle = untranslated): CodeToSubmit {
  const hasCode = (cell: ICellInfo) => cell.type === 'code' && cell.source.trim() !== '';
  if (target.kind === 'notebook') {
    const code = cells.filter(hasCode).map((cell) => cell.source);
    return code.length > 0
      ? { ok: true, cells: code, setupCells: 0 }
      : { ok: false, problem: trans.__('The notebook has no code cells to submit.') };
  }
  const chosen = cells[target.index];
  if (!chosen) {
    return { ok: false, problem: trans.__('Select the code cell to submit first.') };
  }
  if (chosen.type !== 'code') {
    return { ok: false, problem: trans.__('The selected cell is a %1 cell: only code cells can be submitted as a job.', chosen.type) };
  }
  if (chosen.source.trim() === '') {
    return { ok: false, problem: trans.__('The selected cell is empty: there is no code to submit.') };
  }
  const setup = cells
    .filter((cell, index) => index !== target.index && hasCode(cell) && cell.tags.includes(SETUP_TAG))
    .map((cell) => cell.source);
  return { ok: true, cells: [...setup, chosen.source], setupCells: setup.length };
}
