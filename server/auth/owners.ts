/**
 * The narrow port through which things that act as their owner (alert rules; later schedules,
 * pipelines, studies) ask about that owner, instead of holding the whole token service: is the
 * owner's token still valid, with which roles now, and a notice when a token is revoked.
 */
import type { Principal } from './principal';
import type { RevocationListener } from './revocations';
import type { TokenService } from './token-service';

export type OwnerStanding = { valid: true; principal: Principal } | { valid: false; reason: string };

export interface OwnerPort {
  /** The owner token's standing now: its current roles when valid, why not otherwise ("owner token revoked at …"). */
  standing(tokenId: string): Promise<OwnerStanding>;
  /** Called after each revoke made in this process, before the revoke answers. */
  onRevoked(listener: RevocationListener): void;
}

export function ownerPortOf(tokens: TokenService): OwnerPort {
  return {
    standing: (tokenId) => tokens.standing(tokenId),
    onRevoked: (listener) => tokens.onRevoked(listener)
  };
}
