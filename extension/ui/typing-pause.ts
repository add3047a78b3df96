/** Runs an action (a search) after a pause in typing; each keystroke starts the pause again. */
export class TypingPause {
  private _timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly _delayMs: number,
    private readonly _action: () => void
  ) {}

  /** A keystroke: the action runs once the pause has passed (at once when the pause is 0). */
  restart(): void {
    this.cancel();
    if (this._delayMs > 0) {
      this._timer = setTimeout(() => {
        this._timer = null;
        this._action();
      }, this._delayMs);
    } else {
      this._action();
    }
  }

  /** Forgets a pending action (it runs now some other way, or never). */
  cancel(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }
}
