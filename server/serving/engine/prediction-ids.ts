import { randomBytes } from 'node:crypto';

/** `pred_` + 20 hex characters (80 random bits): unique enough to be a late label's key. */
export function newPredictionId(): string {
  return `pred_${randomBytes(10).toString('hex')}`;
}

/** One id per row: rows are the first dimension of the first input (a scalar input is one row). */
export function predictionIdsFor(rows: number): string[] {
  return Array.from({ length: rows }, newPredictionId);
}

export function newRequestId(): string {
  return `req_${randomBytes(8).toString('hex')}`;
}
