/** How the sidebar writes times and numbers: short enough for a narrow panel, exact in tooltips. */
import type { TranslationBundle } from '@jupyterlab/translation';
import { untranslated } from './untranslated';

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1]
];

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/**
 * "3 days ago", "in 2 hours", or "no data" for a group never ingested. Freshness is the latest
 * event time, which may lie years back (historical data) or ahead (scheduled values).
 */
export function relativeTime(iso: string | null | undefined, trans: TranslationBundle = untranslated, now: Date = new Date()): string {
  if (!iso) {
    return trans.__('no data');
  }
  const time = Date.parse(iso);
  if (Number.isNaN(time)) {
    return iso;
  }
  const seconds = (time - now.getTime()) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return relativeFormat.format(Math.round(seconds / size), unit);
    }
  }
  return iso;
}

/** The exact instant, for a tooltip beside a relative time. */
export function exactTime(iso: string | null | undefined, trans: TranslationBundle = untranslated): string {
  return iso
    ? new Date(iso)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.000Z$/, 'Z')
    : trans.__('never ingested');
}

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Counts with thousands separators; other numbers with four significant digits (12.35, 0.001235, 1.235e+6 as 1,235,000). */
export function formatNumber(value: number | string | null | undefined): string {
  if (value === null || value === undefined) {
    return '—';
  }
  if (typeof value === 'string') {
    return value;
  }
  if (!Number.isFinite(value)) {
    return String(value);
  }
  if (Number.isInteger(value)) {
    return integerFormat.format(value);
  }
  if (Math.abs(value) >= 1000) {
    return integerFormat.format(Math.round(value));
  }
  return String(Number(value.toPrecision(4)));
}
