/** The feature store's own error answers (beyond the platform's). */
import { AppError } from '../platform/errors';

export interface RowProblem {
  /** 1-based row number in the input. */
  row: number;
  column?: string;
  reason: string;
}

/** 422: rows break the group's schema; nothing was stored. */
export class RowsRejectedError extends AppError {
  constructor(problems: RowProblem[], problemCount: number, what: string) {
    const first = problems
      .slice(0, 3)
      .map((p) => `row ${p.row}${p.column ? ` (${p.column})` : ''}: ${p.reason}`)
      .join('; ');
    super(422, 'rows_rejected', `${problemCount} row problem${problemCount === 1 ? '' : 's'} in ${what}; nothing was stored. ${first}`, {
      problems,
      problemCount
    });
  }
}

/** 422: the content cannot be what it claims to be (a SQL transform that fails, an unreadable file). */
export class UnprocessableError extends AppError {
  constructor(message: string, code = 'unprocessable', details?: unknown) {
    super(422, code, message, details);
  }
}
