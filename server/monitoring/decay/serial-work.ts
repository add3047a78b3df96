/**
 * Work that must not overlap (read → merge → write of the same aggregate documents), run one piece
 * after the other in the order it came; drained() lets close() wait for what is still pending.
 */
export class SerialWork {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  async drained(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.tail;
      await seen;
    } while (seen !== this.tail);
  }
}
