/**
 * One-at-a-time sections per key within this process: callers with the same key run in turn,
 * callers with different keys run freely. Keys are forgotten when nobody waits on them.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<R>(key: string, section: () => Promise<R>): Promise<R> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await section();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with a holder or waiters right now (for tests and diagnostics). */
  get size(): number {
    return this.tails.size;
  }
}
