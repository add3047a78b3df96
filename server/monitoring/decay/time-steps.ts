/**
 * Time windows and steps for series: durations written as "15m", "1h", "1d", steps aligned to
 * multiples of the step since the epoch (UTC), so a daily series starts at midnight UTC.
 */
import { BadRequestError } from '../../platform/errors';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
export const HOUR_MS = UNITS.h;
export const DAY_MS = UNITS.d;
export const MAX_STEPS = 2_000;

export function parseDuration(text: string, field: string): number {
  const match = /^(\d{1,6})([mhd])$/.exec(text);
  const ms = match ? Number(match[1]) * UNITS[match[2]] : 0;
  if (ms <= 0) throw new BadRequestError(`${field} must be a duration such as 15m, 1h or 1d, got ${JSON.stringify(text)}`, { field });
  return ms;
}

export function floorTo(time: number, stepMs: number): number {
  return Math.floor(time / stepMs) * stepMs;
}

export interface Window {
  from: Date;
  to: Date;
}

/** `to` defaults to now and `from` to `defaultSpanMs` before it; from must come before to. */
export function windowOf(query: { from?: string; to?: string }, now: Date, defaultSpanMs: number): Window {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultSpanMs);
  if (from.getTime() >= to.getTime())
    throw new BadRequestError(`from (${from.toISOString()}) must come before to (${to.toISOString()})`, { field: 'from' });
  return { from, to };
}

/** The starts of the steps covering the window; refuses more than MAX_STEPS. */
export function stepStarts(window: Window, stepMs: number, minStepMs: number): number[] {
  if (stepMs < minStepMs || stepMs % minStepMs !== 0) {
    throw new BadRequestError(`step must be a whole multiple of ${minStepMs / 60_000} minutes`, { field: 'step' });
  }
  const first = floorTo(window.from.getTime(), stepMs);
  const count = Math.ceil((window.to.getTime() - first) / stepMs);
  if (count > MAX_STEPS)
    throw new BadRequestError(`from–to at this step makes ${count} steps; at most ${MAX_STEPS}: choose a larger step or a shorter window`, {
      field: 'step'
    });
  return Array.from({ length: count }, (_, i) => first + i * stepMs);
}
