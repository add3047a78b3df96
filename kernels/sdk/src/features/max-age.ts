import { MlportalError } from '../errors';

const SECONDS_PER_UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
const DURATION = /^(\d+)\s*([smhdw])$/;

/**
 * A maximum age in whole seconds, from a number of seconds or a duration such as '30m', '12h', '7d'
 * (units s, m, h, d, w). Throws naming the bad value: a typo here would otherwise silently widen
 * or narrow every row's window.
 */
export function maxAgeSeconds(maxAge: number | string): number {
  if (typeof maxAge === 'number') {
    if (Number.isSafeInteger(maxAge) && maxAge > 0) return maxAge;
    throw new MlportalError(`maxAge must be a positive whole number of seconds, or a duration such as '30m', '12h', '7d'; got ${maxAge}`);
  }
  const match = DURATION.exec(String(maxAge).trim());
  const seconds = match ? Number(match[1]) * SECONDS_PER_UNIT[match[2]] : 0;
  if (!match || !Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new MlportalError(
      `maxAge must be a positive whole number of seconds, or a duration such as '30m', '12h', '7d' (units s, m, h, d, w); got ${JSON.stringify(maxAge)}`
    );
  }
  return seconds;
}
