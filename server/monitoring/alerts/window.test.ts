import { breaches } from './measures';
import { RequestCountHistory } from './request-counts';
import { windowEndingAt, windowMs } from '@mlportal/contract';

describe('alert windows', () => {
  it.each([
    ['15m', 15 * 60_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['30d', 30 * 86_400_000]
  ])('reads %s', (text, ms) => expect(windowMs(text)).toBe(ms));

  it.each(['', '0m', '15', '1w', '1.5h', '-1h', '31d', ' 1h', '01h'])('refuses %j', (text) => expect(windowMs(text)).toBeNull());

  it('ends a window at the evaluation', () => {
    const now = new Date('2026-03-01T12:00:00.000Z');
    expect(windowEndingAt('1h', now)).toEqual({ from: new Date('2026-03-01T11:00:00.000Z'), to: now });
  });
});

describe('breaches', () => {
  it('fires drift at or above, accuracy below, the others above the threshold', () => {
    expect([breaches('drift', 0.2, 0.2), breaches('drift', 0.19, 0.2)]).toEqual([true, false]);
    expect([breaches('accuracy', 0.79, 0.8), breaches('accuracy', 0.8, 0.8)]).toEqual([true, false]);
    for (const kind of ['latency-p99', 'error-rate', 'rmse'] as const)
      expect([breaches(kind, 101, 100), breaches(kind, 100, 100)]).toEqual([true, false]);
  });
});

describe('RequestCountHistory', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 12, minute));
  const window = (minute: number, minutes: number) => ({ from: at(minute - minutes), to: at(minute) });

  it('answers the totals until it has watched a whole window, then the counts within it', () => {
    const history = new RequestCountHistory();
    expect(history.countsWithin('d', { requests: 100, errors: 4 }, window(0, 5))).toEqual({ requests: 100, errors: 4 });
    expect(history.countsWithin('d', { requests: 150, errors: 5 }, window(3, 5))).toEqual({ requests: 150, errors: 5 });
    expect(history.countsWithin('d', { requests: 180, errors: 9 }, window(5, 5))).toEqual({ requests: 80, errors: 5 });
    expect(history.countsWithin('d', { requests: 200, errors: 9 }, window(8, 5))).toEqual({ requests: 50, errors: 4 });
  });

  it('falls back to the totals when they restarted (a version joined or left)', () => {
    const history = new RequestCountHistory();
    history.countsWithin('d', { requests: 100, errors: 4 }, window(0, 5));
    expect(history.countsWithin('d', { requests: 30, errors: 1 }, window(6, 5))).toEqual({ requests: 30, errors: 1 });
  });
});
