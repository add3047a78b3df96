/** Our API's ISO-8601 timestamps ↔ MLflow's epoch milliseconds. */
import { BadRequestError } from '../platform/errors';

export function epochMs(iso: string): number;
export function epochMs(iso: string | undefined): number | undefined;
export function epochMs(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso);
}

export function isoOf(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) throw new BadRequestError(`${ms} is not a time: expected milliseconds since 1970-01-01 UTC`);
  return date.toISOString();
}
