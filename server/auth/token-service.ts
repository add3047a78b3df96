/**
 * API tokens: their story from creation to revocation. Tokens live in the `auth_tokens`
 * collection keyed by id, holding only the SHA-256 of the value (see token-format.ts).
 */
import type { Logger } from '../platform/logging';
import { ConflictError, NotFoundError, StaleRevisionError } from '../platform/errors';
import type { Collection, DocumentStore, Stored } from '../platform/store/port';
import { UnauthenticatedError } from './errors';
import type { OwnerStanding } from './owners';
import type { Permission, Role } from '@mlportal/contract';
import type { Principal } from '../platform/principal';
import { PrincipalCache, type PrincipalCacheOptions } from './principal-cache';
import { RevocationListeners, type RevocationListener } from './revocations';
import { generateToken, generateTokenId, hashToken } from './token-format';

interface TokenDocument {
  name: string;
  roles: Role[];
  tokenHash: string;
  createdAt: string;
  /** Id of the token that created this one, or "bootstrap". */
  createdBy: string;
  lastUsedAt?: string;
  revokedAt?: string;
  revokedBy?: string;
}

/** What the API shows of a token: everything but its hash. */
export interface TokenRecord {
  id: string;
  name: string;
  roles: Role[];
  createdAt: string;
  createdBy: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export interface NewToken {
  name: string;
  roles: Role[];
  createdBy: string;
}

export const TOKENS_COLLECTION = 'auth_tokens';

/** lastUsedAt is a hint for admins ("is this token still in use?"), so it is refreshed at most this often, not on every request. */
const LAST_USED_RESOLUTION_MS = 5 * 60 * 1000;

/** A revoke can lose a race with a lastUsedAt refresh of the same token; it rereads and tries again this many times. */
const REVOKE_ATTEMPTS = 3;

export class TokenService {
  private readonly tokens: Collection<TokenDocument>;
  private readonly recent: PrincipalCache;
  private readonly revocations: RevocationListeners;

  constructor(
    store: DocumentStore,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    cache: PrincipalCacheOptions = {}
  ) {
    this.tokens = store.collection<TokenDocument>(TOKENS_COLLECTION);
    this.recent = new PrincipalCache(cache);
    this.revocations = new RevocationListeners(logger);
  }

  /** At start, before the first request (composition/lifecycle.ts): the unique index on token hashes. */
  async prepare(): Promise<void> {
    await this.tokens.ensureIndex({ fields: ['tokenHash'], unique: true });
  }

  /** See owners.ts: what acts as a token's owner hears of its revoke. */
  onRevoked(listener: RevocationListener): void {
    this.revocations.add(listener);
  }

  /**
   * Whether a token may still be acted for, read from the store (not the principal cache), so a
   * revoke made by another process counts at once. Tokens do not expire today; an expiry would be
   * refused here too.
   */
  async standing(tokenId: string): Promise<OwnerStanding> {
    const stored = await this.tokens.get(tokenId);
    if (!stored) return { valid: false, reason: 'owner token no longer exists' };
    if (stored.revokedAt) return { valid: false, reason: `owner token revoked at ${stored.revokedAt}` };
    return { valid: true, principal: { tokenId: stored._id, name: stored.name, roles: [...stored.roles] } };
  }

  /** Creates a token with a fresh random value; the value is returned here once and never again. */
  async create(request: NewToken): Promise<{ record: TokenRecord; token: string }> {
    const token = generateToken();
    return { record: await this.register(token, request), token };
  }

  /** Stores a token whose value the caller chose (the bootstrap's MLPORTAL_ADMIN_TOKEN). */
  async register(token: string, request: NewToken): Promise<TokenRecord> {
    const stored = await this.tokens.insert({
      _id: generateTokenId(),
      name: request.name,
      roles: [...request.roles],
      tokenHash: hashToken(token),
      createdAt: this.now().toISOString(),
      createdBy: request.createdBy
    });
    return toRecord(stored);
  }

  async findByToken(token: string): Promise<TokenRecord | null> {
    const stored = await this.tokens.findOne({ tokenHash: hashToken(token) });
    return stored ? toRecord(stored) : null;
  }

  async list(): Promise<TokenRecord[]> {
    return (await this.tokens.find({}, { sort: { createdAt: 1, _id: 1 } })).map(toRecord);
  }

  async countActiveAdmins(): Promise<number> {
    const active = await this.tokens.find({ revokedAt: { $exists: false } });
    return active.filter((doc) => doc.roles.includes('admin')).length;
  }

  async revoke(id: string, revokedBy: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const stored = await this.tokens.get(id);
      if (!stored) throw new NotFoundError(`no token with id ${id}`);
      if (stored.revokedAt) {
        throw new ConflictError(`token ${id} was already revoked at ${stored.revokedAt}`, 'already_revoked');
      }
      if (stored.roles.includes('admin') && (await this.countActiveAdmins()) <= 1) {
        throw new ConflictError(
          `token ${id} is the last active admin token; revoking it would leave nobody able to manage tokens. Create another admin token first`,
          'last_admin_token'
        );
      }
      try {
        const revokedAt = this.now().toISOString();
        await this.tokens.update(id, stored._rev, { revokedAt, revokedBy });
        this.recent.evictToken(id);
        this.logger.info({ tokenId: id, revokedBy }, 'token revoked');
        await this.revocations.notify({ tokenId: id, revokedAt, revokedBy });
        return;
      } catch (err) {
        if (!(err instanceof StaleRevisionError) || attempt >= REVOKE_ATTEMPTS) throw err;
      }
    }
  }

  /**
   * The principal a presented token stands for; UnauthenticatedError for an unknown or revoked one.
   * Valid tokens are remembered for a few seconds (principal-cache.ts); unknown and revoked ones
   * are not, so a token registered a moment ago works at once.
   */
  async authenticate(token: string, permission: Permission): Promise<Principal> {
    const tokenHash = hashToken(token);
    const cached = this.recent.get(tokenHash, this.now().getTime());
    if (cached) return cached.principal;
    const epoch = this.recent.begin();
    const stored = await this.tokens.findOne({ tokenHash });
    if (!stored) throw new UnauthenticatedError('the bearer token is not recognised', permission);
    if (stored.revokedAt) throw new UnauthenticatedError(`the bearer token was revoked at ${stored.revokedAt}`, permission);
    await this.touch(stored);
    // Shared by every hit on the cache: frozen, so no caller can change another's principal.
    const principal: Principal = Object.freeze({
      tokenId: stored._id,
      name: stored.name,
      roles: Object.freeze([...stored.roles]) as Role[]
    });
    this.recent.fill(tokenHash, epoch, principal, this.now().getTime());
    return principal;
  }

  private async touch(stored: Stored<TokenDocument>): Promise<void> {
    const now = this.now();
    const last = stored.lastUsedAt ? Date.parse(stored.lastUsedAt) : Number.NEGATIVE_INFINITY;
    if (now.getTime() - last < LAST_USED_RESOLUTION_MS) return;
    try {
      await this.tokens.update(stored._id, stored._rev, { lastUsedAt: now.toISOString() });
    } catch (err) {
      // A concurrent request (or a revoke) changed the token first: the hint can wait for the next use.
      if (!(err instanceof StaleRevisionError)) this.logger.warn({ err, tokenId: stored._id }, 'could not record token use');
    }
  }
}

function toRecord(stored: Stored<TokenDocument>): TokenRecord {
  return {
    id: stored._id,
    name: stored.name,
    roles: stored.roles,
    createdAt: stored.createdAt,
    createdBy: stored.createdBy,
    ...(stored.lastUsedAt ? { lastUsedAt: stored.lastUsedAt } : {}),
    ...(stored.revokedAt ? { revokedAt: stored.revokedAt } : {})
  };
}
