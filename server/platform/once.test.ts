import { onceRetryingFailure } from './once';

describe('onceRetryingFailure', () => {
  it('runs the work once for every caller, in flight and after', async () => {
    let runs = 0;
    const ready = onceRetryingFailure(async () => {
      runs++;
      await new Promise((resolve) => setImmediate(resolve));
    });
    await Promise.all([ready(), ready(), ready()]);
    await ready();
    expect(runs).toBe(1);
  });

  it('runs it again after a failure, which every caller of the failed run sees', async () => {
    const outcomes = [new Error('disk full'), undefined];
    let runs = 0;
    const ready = onceRetryingFailure(async () => {
      const outcome = outcomes[runs++];
      if (outcome) throw outcome;
    });
    const first = await Promise.allSettled([ready(), ready()]);
    expect(first.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect((first[0] as PromiseRejectedResult).reason).toEqual(new Error('disk full'));
    await expect(ready()).resolves.toBeUndefined();
    await expect(ready()).resolves.toBeUndefined();
    expect(runs).toBe(2);
  });
});
