import { planThreads } from './threads';

describe('planThreads', () => {
  test('by default one intra-op thread per worker and a worker per core', () => {
    expect(planThreads({}, 8)).toEqual({ workers: 8, intraOpThreads: 1 });
  });

  test('fills the cores from whichever of the two is given', () => {
    expect(planThreads({ workers: 2 }, 8)).toEqual({ workers: 2, intraOpThreads: 4 });
    expect(planThreads({ intraOpThreads: 3 }, 8)).toEqual({ workers: 2, intraOpThreads: 3 });
  });

  test('refuses workers × threads beyond the cores, and counts that are not whole numbers', () => {
    expect(() => planThreads({ workers: 4, intraOpThreads: 4 }, 8)).toThrow(
      '4 workers × 4 intra-op threads = 16 threads, more than the 8 cores'
    );
    expect(() => planThreads({ intraOpThreads: 16 }, 8)).toThrow('1 workers × 16 intra-op threads = 16 threads');
    expect(() => planThreads({ workers: 0 }, 8)).toThrow('workers must be a whole number ≥ 1, got 0');
    expect(() => planThreads({ intraOpThreads: 1.5 }, 8)).toThrow('intraOpThreads must be a whole number ≥ 1');
  });
});
