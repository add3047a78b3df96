import { MlportalError } from '../errors';

/** A moment as the backend's query parameters take it (ISO 8601); a Date or a string that parses. */
export function isoMoment(value: string | Date | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new MlportalError(
      `${name} must be a Date or an ISO 8601 time such as 2026-05-01T00:00:00Z; got ${JSON.stringify(String(value))}`
    );
  }
  return date.toISOString();
}
