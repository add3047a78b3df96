import { CoalescedRuns } from './coalesced-runs';

/** A run that finishes when the test says so, counting how many started. */
function gatedWork() {
  const gates: Array<() => void> = [];
  let started = 0;
  const work = () =>
    new Promise<void>((resolve) => {
      started += 1;
      gates.push(resolve);
    });
  return { work, open: (i: number) => gates[i](), started: () => started };
}

describe('CoalescedRuns', () => {
  it('runs at once when idle, and makes every request that comes during a run share the one run after it', async () => {
    const runs = new CoalescedRuns();
    const gated = gatedWork();
    const first = runs.request('v1', gated.work);
    const during = [runs.request('v1', gated.work), runs.request('v1', gated.work), runs.request('v1', gated.work)];
    expect(gated.started()).toBe(1);
    let followingDone = false;
    void Promise.all(during).then(() => (followingDone = true));
    gated.open(0);
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(gated.started()).toBe(2);
    expect(followingDone).toBe(false);
    gated.open(1);
    await Promise.all(during);
    expect(gated.started()).toBe(2);
  });

  it('keeps keys apart, and a failed run neither blocks the next nor hides its own failure', async () => {
    const runs = new CoalescedRuns();
    let calls = 0;
    const failing = runs.request('a', async () => {
      calls += 1;
      throw new Error('disk full');
    });
    const after = runs.request('a', async () => {
      calls += 1;
    });
    const other = runs.request('b', async () => {
      calls += 1;
    });
    await expect(failing).rejects.toThrow('disk full');
    await after;
    await other;
    expect(calls).toBe(3);
  });
});
