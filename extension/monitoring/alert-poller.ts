import type { Alert } from '@mlportal/sdk/core';
import type { IMlportalClient } from '../tokens';

/**
 * Asks the backend for alerts fired since the last look, every `intervalSeconds` (0 stops it), and
 * hands each new one to `notify` once. Alerts fired before JupyterLab opened are not announced.
 * A failed poll is retried at the next tick: the connection panel already says when the backend is away.
 */
export class AlertPoller {
  private _timer: ReturnType<typeof setInterval> | null = null;
  private _since: string;
  private readonly _seen = new Set<string>();
  private _polling = false;

  constructor(
    private readonly _client: IMlportalClient,
    private readonly _notify: (alert: Alert) => void,
    now: Date = new Date()
  ) {
    this._since = now.toISOString();
  }

  setInterval(seconds: number): void {
    if (this._timer !== null) {
      clearInterval(this._timer);
      this._timer = null;
    }
    if (seconds > 0) {
      this._timer = setInterval(() => void this.poll(), seconds * 1000);
    }
  }

  /** One look; alerts come newest first and are announced oldest first. */
  async poll(): Promise<void> {
    if (this._polling || !this._client.hasToken) {
      return;
    }
    this._polling = true;
    try {
      const alerts = await this._client.alerts.list({ since: this._since });
      for (const alert of [...alerts].reverse()) {
        if (this._seen.has(alert.id)) {
          continue;
        }
        this._seen.add(alert.id);
        // The backend answers alerts fired strictly after `since`: a millisecond back keeps another
        // alert of the same millisecond in the next answer (the seen ids drop the repeat).
        const justBefore = new Date(Date.parse(alert.firedAt) - 1).toISOString();
        if (justBefore > this._since) {
          this._since = justBefore;
        }
        this._notify(alert);
      }
    } catch (error) {
      console.debug('mlportal: polling alerts failed; trying again at the next tick.', error);
    } finally {
      this._polling = false;
    }
  }

  dispose(): void {
    this.setInterval(0);
  }
}

/** Which dashboard shows what an alert is about: drift on the analyst's, the rest on the product one. */
export function dashboardKindOf(alert: Pick<Alert, 'kind'>): 'analyst' | 'product' {
  return alert.kind === 'drift' ? 'analyst' : 'product';
}
