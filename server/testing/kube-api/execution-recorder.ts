/** ExecutionHooks that remember what an executor reported, with promises to wait for a state or a piece of log. */
import type { ExecutionHooks, ExecutionState, ExecutionUpdate } from '../../jobs/executor';

export class ExecutionRecorder implements ExecutionHooks {
  readonly updates: ExecutionUpdate[] = [];
  log = '';
  private waiters: (() => void)[] = [];

  onUpdate(update: ExecutionUpdate): void {
    this.updates.push(update);
    this.notify();
  }

  onLog(chunk: string): void {
    this.log += chunk;
    this.notify();
  }

  /** The first update with this state (waits for it). */
  state(state: ExecutionState): Promise<ExecutionUpdate> {
    return this.until(() => this.updates.find((u) => u.state === state));
  }

  /** The first final update: succeeded, failed or cancelled. */
  final(): Promise<ExecutionUpdate> {
    return this.until(() => this.updates.find((u) => u.state !== 'running'));
  }

  logContaining(text: string): Promise<string> {
    return this.until(() => (this.log.includes(text) ? this.log : undefined));
  }

  private until<T>(found: () => T | undefined): Promise<T> {
    return new Promise((resolve) => {
      const check = () => {
        const value = found();
        if (value === undefined) return false;
        resolve(value);
        return true;
      };
      if (!check()) this.waiters.push(() => void check());
    });
  }

  private notify(): void {
    // Each waiter re-checks; resolved ones simply resolve again (a no-op).
    for (const waiter of this.waiters) waiter();
  }
}
