/**
 * Work whose latest run covers every request made before it started (a summary recomputed from all that
 * is stored): per key, one run at a time, and every request that comes while one runs shares the single
 * run that follows it. N requests in a burst cost two runs, not N, and each caller still waits for a run
 * that began after it asked.
 */
export class CoalescedRuns {
  private readonly running = new Map<string, Promise<void>>();
  private readonly next = new Map<string, Promise<void>>();

  request(key: string, work: () => Promise<void>): Promise<void> {
    const queued = this.next.get(key);
    if (queued) return queued;
    const current = this.running.get(key);
    if (!current) return this.start(key, work);
    const following = current
      .catch(() => undefined)
      .then(() => {
        this.next.delete(key);
        return this.start(key, work);
      });
    this.next.set(key, following);
    return following;
  }

  private start(key: string, work: () => Promise<void>): Promise<void> {
    const run = work().finally(() => {
      if (this.running.get(key) === run) this.running.delete(key);
    });
    this.running.set(key, run);
    return run;
  }
}
