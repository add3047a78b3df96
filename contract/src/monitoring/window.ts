/** Alert windows as rules write them: a whole number of minutes, hours or days ('15m', '1h', '1d'), from 1 minute to 30 days. */
export const WINDOW_PATTERN = /^([1-9]\d{0,4})([mhd])$/;
export const MAX_WINDOW_MS = 30 * 24 * 3_600_000;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The window's length in ms, or null when `text` is not a window. */
export function windowMs(text: string): number | null {
  const match = WINDOW_PATTERN.exec(text);
  if (!match) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  return ms <= MAX_WINDOW_MS ? ms : null;
}

export interface TimeWindow {
  from: Date;
  to: Date;
}

/** The window of length `text` that ends at `now`. */
export function windowEndingAt(text: string, now: Date): TimeWindow {
  const ms = windowMs(text);
  if (ms === null) throw new Error(`not a window: ${JSON.stringify(text)}`);
  return { from: new Date(now.getTime() - ms), to: now };
}
