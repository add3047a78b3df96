/**
 * Who must hear of a revoked token: whatever acts as a token's owner without a request in hand
 * (alert rules today; schedules, pipelines and studies later) registers here to stop acting at
 * once. A listener that fails is logged and does not undo the revoke: those acting still check
 * the owner before each act (owners.ts), so a missed notice delays the record, not the stop.
 */
import type { Logger } from '../platform/logging';

export interface TokenRevoked {
  tokenId: string;
  revokedAt: string;
  /** Id of the token that revoked it (or e.g. "job job-…" for a job's own token). */
  revokedBy: string;
}

export type RevocationListener = (event: TokenRevoked) => Promise<void> | void;

export class RevocationListeners {
  private readonly listeners: RevocationListener[] = [];

  constructor(private readonly logger: Logger) {}

  add(listener: RevocationListener): void {
    this.listeners.push(listener);
  }

  /** Runs every listener, one after the other, and resolves once all have ended. */
  async notify(event: TokenRevoked): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(event);
      } catch (err) {
        this.logger.error(
          { err, tokenId: event.tokenId },
          'a revocation listener failed; what it guards still checks the owner before acting'
        );
      }
    }
  }
}
