/**
 * The evaluation timer: every interval, each enabled rule once, one rule after another. A tick
 * still running when the next is due makes that one skip (a slow source never piles ticks up).
 */
import type { Logger } from '../../platform/logging';

export class EvaluationSchedule {
  private timer: NodeJS.Timeout | undefined;
  private tick: Promise<void> | null = null;

  constructor(
    private readonly evaluateAll: () => Promise<void>,
    private readonly logger: Logger
  ) {}

  /** 0 seconds leaves the timer off (rules are then evaluated on demand only). */
  start(intervalSeconds: number): void {
    if (intervalSeconds <= 0 || this.timer) return;
    this.timer = setInterval(() => this.runTick(), intervalSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.tick;
  }

  private runTick(): void {
    if (this.tick) return;
    this.tick = this.evaluateAll()
      .catch((err: unknown) => this.logger.error({ err }, 'alert evaluation failed'))
      .finally(() => (this.tick = null));
  }
}
