/**
 * The narrow port through which things that act as their owner (alert rules; later schedules,
 * pipelines, studies) ask about that owner, instead of holding the whole token service: is the
 * owner's token still valid, with which roles now, and a notice when a token is revoked. The
 * composition builds it from the token service.
 */
import type { Principal } from '../platform/principal';
import type { RevocationListener } from './revocations';

export type OwnerStanding = { valid: true; principal: Principal } | { valid: false; reason: string };

export interface OwnerPort {
  /** The owner token's standing now: its current roles when valid, why not otherwise ("owner token revoked at …"). */
  standing(tokenId: string): Promise<OwnerStanding>;
  /** Called after each revoke made in this process, before the revoke answers. */
  onRevoked(listener: RevocationListener): void;
}
