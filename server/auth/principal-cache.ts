/**
 * Principals of recently seen tokens, so a busy client (the inference endpoints) is not one store
 * lookup per request. Keyed by the token's SHA-256 (as stored), never its value; bounded in size,
 * least recently used evicted first; each entry lives a few seconds. A hit skips the store
 * altogether, lastUsedAt included: that hint is refreshed on the lookups between hits (at most
 * once per TTL per token, and written at most once per LAST_USED_RESOLUTION_MS), so it is at most
 * a TTL late.
 *
 * A revoke in this process evicts the token at once (TokenService.revoke), so it is refused on
 * the very next request here. Other processes sharing the store (serving-only replicas on MongoDB)
 * do not hear of it: they keep accepting a revoked token until their entry expires, so the TTL is
 * the bound on that staleness and stays short.
 */
import type { Principal } from '../platform/principal';

export interface CachedToken {
  principal: Principal;
  expiresAt: number;
}

export interface PrincipalCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
}

export const DEFAULT_PRINCIPAL_TTL_MS = 5_000;
const DEFAULT_MAX_ENTRIES = 1_024;

export class PrincipalCache {
  private readonly entries = new Map<string, CachedToken>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  /**
   * Bumped by every eviction for a revoke. A lookup that began before it may have read the token
   * as still valid; it must not put that answer back into the cache (see fill).
   */
  private epoch = 0;

  constructor(options: PrincipalCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_PRINCIPAL_TTL_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  /** The live entry for a token hash, or undefined (absent or expired). */
  get(tokenHash: string, nowMs: number): CachedToken | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.expiresAt <= nowMs) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    // Re-inserted so the Map's order stays least recently used first.
    this.entries.delete(tokenHash);
    this.entries.set(tokenHash, entry);
    return entry;
  }

  /** Marks the start of a store lookup; pass the answer to fill. */
  begin(): number {
    return this.epoch;
  }

  /** Caches what a lookup begun at `epoch` found, unless a revoke happened meanwhile. */
  fill(tokenHash: string, epoch: number, principal: Principal, nowMs: number): void {
    if (epoch !== this.epoch || this.ttlMs <= 0) return;
    this.entries.delete(tokenHash);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(tokenHash, { principal, expiresAt: nowMs + this.ttlMs });
  }

  /** Drops every entry of a token (by id) and stops lookups already in flight from caching it. */
  evictToken(tokenId: string): void {
    this.epoch++;
    for (const [hash, entry] of this.entries) {
      if (entry.principal.tokenId === tokenId) this.entries.delete(hash);
    }
  }
}
