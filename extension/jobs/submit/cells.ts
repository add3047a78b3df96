/** Which code a submission sends: the chosen cell after the notebook's setup cells, or every code cell. */

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
export function codeToSubmit(cells: readonly ICellInfo[], target: SubmitTarget): CodeToSubmit {
  const hasCode = (cell: ICellInfo) => cell.type === 'code' && cell.source.trim() !== '';
  if (target.kind === 'notebook') {
    const code = cells.filter(hasCode).map(cell => cell.source);
    return code.length > 0 ? { ok: true, cells: code, setupCells: 0 } : { ok: false, problem: 'The notebook has no code cells to submit.' };
  }
  const chosen = cells[target.index];
  if (!chosen) {
    return { ok: false, problem: 'Select the code cell to submit first.' };
  }
  if (chosen.type !== 'code') {
    return { ok: false, problem: `The selected cell is a ${chosen.type} cell: only code cells can be submitted as a job.` };
  }
  if (chosen.source.trim() === '') {
    return { ok: false, problem: 'The selected cell is empty: there is no code to submit.' };
  }
  const setup = cells.filter((cell, index) => index !== target.index && hasCode(cell) && cell.tags.includes(SETUP_TAG)).map(cell => cell.source);
  return { ok: true, cells: [...setup, chosen.source], setupCells: setup.length };
}
