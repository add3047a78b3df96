import path from 'node:path';
import { createLogger } from '../platform/logging';
import { openStore, type DocumentStore } from '../platform/store';
import { startTestServer } from '../testing/test-server';
import { makeTempDir, type TempDir } from '../testing/temp-dir';
import { DEFAULT_PRINCIPAL_TTL_MS } from './principal-cache';
import { generateToken } from './token-format';
import { TOKENS_COLLECTION, TokenService } from './token-service';

describe('the principal cache over HTTP', () => {
  it('refuses a revoked token on the very next request, though the token was just served from the cache', async () => {
    const server = await startTestServer();
    try {
      const created = await server.request('/api/v1/auth/tokens', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'inference client', roles: ['ml-engineer'] })
      });
      const { id, token } = await created.json();
      for (let i = 0; i < 3; i++) expect((await server.request('/api/v1/auth/whoami', { token })).status).toBe(200);

      expect((await server.request(`/api/v1/auth/tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
      const refused = await server.request('/api/v1/auth/whoami', { token });
      expect(refused.status).toBe(401);
      expect((await refused.json()).error.message).toMatch(/^the bearer token was revoked at /);
    } finally {
      await server.stop();
    }
  });
});

describe('the principal cache, two token services sharing one SQLite store (two processes)', () => {
  let dir: TempDir;
  let store: DocumentStore;
  let clock: number;
  const logger = createLogger({ level: 'silent' });
  const service = (options?: { maxEntries?: number }) => new TokenService(store, logger, () => new Date(clock), options);
  const lastUsedAt = async (id: string) => (await store.collection<{ lastUsedAt?: string }>(TOKENS_COLLECTION).get(id))?.lastUsedAt;

  beforeEach(async () => {
    dir = makeTempDir('principal-cache');
    store = await openStore({ kind: 'sqlite', path: path.join(dir.path, 'store.sqlite') });
    clock = Date.parse('2026-03-01T12:00:00.000Z');
    await service().prepare();
  });

  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('keeps serving a cached token, and a revoke made elsewhere reaches it once the entry expires', async () => {
    const here = service();
    const elsewhere = service();
    const { record, token } = await here.create({ name: 'dashboards', roles: ['business'], createdBy: 'test' });
    expect(await here.authenticate(token, 'session:read')).toEqual({ tokenId: record.id, name: 'dashboards', roles: ['business'] });

    await elsewhere.revoke(record.id, 'tok_admin');
    await expect(elsewhere.authenticate(token, 'session:read')).rejects.toThrow(/was revoked at/);
    clock += DEFAULT_PRINCIPAL_TTL_MS - 1;
    expect((await here.authenticate(token, 'session:read')).tokenId).toBe(record.id);
    clock += 1;
    await expect(here.authenticate(token, 'session:read')).rejects.toThrow(/was revoked at/);
  });

  it('does not remember unknown tokens: a token registered after a refused attempt works at once', async () => {
    const tokens = service();
    const token = generateToken();
    await expect(tokens.authenticate(token, 'session:read')).rejects.toThrow(/not recognised/);
    const record = await tokens.register(token, { name: 'chosen', roles: ['admin'], createdBy: 'bootstrap' });
    expect((await tokens.authenticate(token, 'session:read')).tokenId).toBe(record.id);
  });

  it('holds at most maxEntries tokens: the least recently used one is looked up again', async () => {
    const here = service({ maxEntries: 2 });
    const elsewhere = service();
    const issued = [];
    for (const name of ['a', 'b', 'c']) issued.push(await here.create({ name, roles: ['data-analyst'], createdBy: 'test' }));
    for (const { token } of issued) await here.authenticate(token, 'session:read');

    for (const { record } of issued) await elsewhere.revoke(record.id, 'tok_admin');
    // "a" was pushed out by "c"; "b" and "c" are still cached.
    await expect(here.authenticate(issued[0].token, 'session:read')).rejects.toThrow(/was revoked at/);
    expect((await here.authenticate(issued[2].token, 'session:read')).name).toBe('c');
  });

  it('moves lastUsedAt on use, rewriting the token at most once per resolution, cached or not', async () => {
    const tokens = service();
    const { record, token } = await tokens.create({ name: 'pipeline', roles: ['data-engineer'], createdBy: 'test' });
    const first = new Date(clock).toISOString();
    await tokens.authenticate(token, 'session:read');
    expect(await lastUsedAt(record.id)).toBe(first);
    const rev = (await store.collection(TOKENS_COLLECTION).get(record.id))?._rev;

    // Within the resolution: hits and the lookups after each expiry leave the document alone.
    for (let i = 0; i < 5; i++) {
      clock += DEFAULT_PRINCIPAL_TTL_MS;
      await tokens.authenticate(token, 'session:read');
      await tokens.authenticate(token, 'session:read');
    }
    expect((await store.collection(TOKENS_COLLECTION).get(record.id))?._rev).toBe(rev);

    clock += 6 * 60 * 1000;
    await tokens.authenticate(token, 'session:read');
    expect(await lastUsedAt(record.id)).toBe(new Date(clock).toISOString());
  });
});
