import { formatNumber, relativeTime } from './format';
import { untranslated } from './untranslated';

describe('relativeTime', () => {
  const now = new Date('2026-01-10T12:00:00Z');

  it('says how long ago the latest event was, in the largest whole unit', () => {
    expect(relativeTime('2026-01-07T12:00:00Z', untranslated, now)).toBe('3 days ago');
    expect(relativeTime('2026-01-10T11:00:00Z', untranslated, now)).toBe('1 hour ago');
    expect(relativeTime('2001-06-30T00:00:00Z', untranslated, now)).toBe('25 years ago');
    expect(relativeTime('2026-01-10T14:00:00Z', untranslated, now)).toBe('in 2 hours');
  });

  it('says "no data" for a group never ingested', () => {
    expect(relativeTime(null, untranslated, now)).toBe('no data');
  });
});

describe('formatNumber', () => {
  it('writes counts with separators and other numbers with four significant digits', () => {
    expect(formatNumber(3000000)).toBe('3,000,000');
    expect(formatNumber(12.34567)).toBe('12.35');
    expect(formatNumber(0.00123456)).toBe('0.001235');
    expect(formatNumber(12345.6)).toBe('12,346');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber('2001-01-01T00:00:00.000Z')).toBe('2001-01-01T00:00:00.000Z');
  });
});
