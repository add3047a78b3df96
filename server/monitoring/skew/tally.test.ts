/** SkewTally: what counts as a mismatch for numbers (float32 rounding aside), booleans, text and missing values. */
import { SkewTally } from './tally';

describe('SkewTally', () => {
  it('counts numbers equal within float32 rounding, booleans as 1 and 0, text exactly, and a missing offline value as a mismatch', () => {
    const tally = new SkewTally();
    tally.add('delay', Math.fround(12.3), 12.3); // the served value went through a float32 input
    tally.add('delay', 13, 12);
    tally.add('delay', 5, null); // the offline store had nothing yet
    tally.add('delay', null, 4); // not served: not compared
    tally.add('holiday', 1, true);
    tally.add('holiday', 1, false);
    tally.add('carrier', 'UA', 'UA');
    tally.add('carrier', 'UA', 'AA');
    const [delay, holiday, carrier] = tally.result();
    expect(delay).toEqual({
      feature: 'delay',
      compared: 3,
      mismatches: 2,
      mismatchShare: 2 / 3,
      meanAbsDifference: expect.closeTo((1 + Math.abs(Math.fround(12.3) - 12.3)) / 2, 12)
    });
    expect(holiday).toEqual({ feature: 'holiday', compared: 2, mismatches: 1, mismatchShare: 0.5, meanAbsDifference: 0.5 });
    expect(carrier).toEqual({ feature: 'carrier', compared: 2, mismatches: 1, mismatchShare: 0.5, meanAbsDifference: null });
  });
});
