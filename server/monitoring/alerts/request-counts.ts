/**
 * Requests and errors of a deployment over a window, from the engine's running totals: each
 * reading is remembered (one per deployment per 10 s at most, for the longest window), and the
 * window's figures are the totals now less those at its start. Until the server has watched a
 * deployment for a whole window, or after its totals restarted (a version joined or left), the
 * totals themselves are the best there is.
 */
import { MAX_WINDOW_MS, type TimeWindow } from '@mlportal/contract';

export interface RequestCounts {
  requests: number;
  errors: number;
}

interface Reading extends RequestCounts {
  at: number;
}

const MIN_SPACING_MS = 10_000;

export class RequestCountHistory {
  private readonly readings = new Map<string, Reading[]>();

  /** Records `totals` (read at window.to) and answers the counts within the window. */
  countsWithin(deployment: string, totals: RequestCounts, window: TimeWindow): RequestCounts {
    const now = window.to.getTime();
    const readings = this.readings.get(deployment) ?? [];
    this.readings.set(deployment, readings);
    const last = readings.at(-1);
    if (last && now - last.at < MIN_SPACING_MS && last.at > window.from.getTime()) readings.pop();
    readings.push({ at: now, ...totals });
    while (readings.length > 0 && readings[0].at < now - MAX_WINDOW_MS) readings.shift();

    const start = [...readings].reverse().find((reading) => reading.at <= window.from.getTime());
    if (!start || start.requests > totals.requests || start.errors > totals.errors) return totals;
    return { requests: totals.requests - start.requests, errors: totals.errors - start.errors };
  }

  forget(deployment: string): void {
    this.readings.delete(deployment);
  }
}
