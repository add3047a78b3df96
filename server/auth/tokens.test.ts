import { existsSync, readFileSync } from 'node:fs';
import { startTestServer, type TestServer } from '../testing/test-server';
import { PERMISSIONS } from '@mlportal/contract';
import { TOKENS_COLLECTION } from './token-service';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.stop();
});

async function createToken(name: string, roles: string[], token?: string) {
  const response = await server.request('/api/v1/auth/tokens', {
    method: 'POST',
    token,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, roles })
  });
  return { response, body: await response.json() };
}

describe('token lifecycle', () => {
  it('creates a token whose value is returned once and works at once', async () => {
    const { response, body } = await createToken('feature pipeline', ['data-engineer', 'data-analyst']);
    expect(response.status).toBe(201);
    expect(body).toEqual({
      id: expect.stringMatching(/^tok_/),
      name: 'feature pipeline',
      roles: ['data-engineer', 'data-analyst'],
      createdAt: expect.any(String),
      token: expect.stringMatching(/^mlp_[A-Za-z0-9_-]{43}$/)
    });

    const whoami = await server.request('/api/v1/auth/whoami', { token: body.token });
    expect(whoami.status).toBe(200);
    expect(await whoami.json()).toEqual({
      tokenId: body.id,
      name: 'feature pipeline',
      roles: ['data-engineer', 'data-analyst'],
      permissions: [
        'session:read',
        'features:read',
        'features:define',
        'features:ingest',
        'features:read-rows',
        'training-sets:create',
        'experiments:read',
        'experiments:write',
        'models:read',
        'models:register',
        'jobs:read',
        'jobs:read-logs',
        'jobs:submit',
        'jobs:cancel',
        'batch-scoring:submit',
        'deployments:read',
        'predictions:send',
        'predictions:read',
        'monitoring:read',
        'monitoring:configure',
        'labels:write',
        'alerts:manage'
      ]
    });

    const list = await (await server.request('/api/v1/auth/tokens')).json();
    const listed = list.tokens.find((t: { id: string }) => t.id === body.id);
    expect(listed).toEqual({
      id: body.id,
      name: 'feature pipeline',
      roles: ['data-engineer', 'data-analyst'],
      createdAt: body.createdAt,
      createdBy: list.tokens[0].id,
      lastUsedAt: expect.any(String)
    });
    expect(JSON.stringify(list)).not.toContain(body.token);
  });

  it('shows an admin every permission in whoami', async () => {
    const body = await (await server.request('/api/v1/auth/whoami')).json();
    expect(body.roles).toEqual(['admin']);
    expect(body.permissions).toEqual(PERMISSIONS);
  });

  it('keeps only a hash: the plaintext is in no stored document and nowhere in the database file', async () => {
    const { body } = await createToken('notebook', ['ml-engineer']);
    const docs = await server.store.collection<{ tokenHash: string }>(TOKENS_COLLECTION).find();
    expect(docs).toHaveLength(2);
    const stored = JSON.stringify(docs);
    expect(stored).not.toContain(body.token);
    expect(stored).not.toContain(server.adminToken);
    expect(stored).not.toContain(body.token.slice(4));
    expect(docs.every((d) => /^[0-9a-f]{64}$/.test(d.tokenHash))).toBe(true);

    const store = server.config.store;
    if (store.kind !== 'sqlite') throw new Error('the test server uses SQLite');
    // The main file and its WAL journal, wherever SQLite has put the pages so far.
    for (const file of [store.path, `${store.path}-wal`].filter((f) => existsSync(f))) {
      expect(readFileSync(file).toString('latin1')).not.toContain(body.token.slice(4));
    }
    expect(server.logText()).not.toContain(body.token.slice(4));
    expect(server.logText()).not.toContain(server.adminToken.slice(4));
  });

  it('records lastUsedAt on use without rewriting the token on every request', async () => {
    const { body } = await createToken('dashboards', ['business']);
    const tokens = server.store.collection<{ lastUsedAt?: string }>(TOKENS_COLLECTION);
    expect((await tokens.get(body.id))?.lastUsedAt).toBeUndefined();

    await server.request('/api/v1/auth/whoami', { token: body.token });
    const afterFirst = await tokens.get(body.id);
    expect(afterFirst?.lastUsedAt).toEqual(expect.any(String));

    for (let i = 0; i < 3; i++) expect((await server.request('/api/v1/auth/whoami', { token: body.token })).status).toBe(200);
    const afterMore = await tokens.get(body.id);
    expect(afterMore?._rev).toBe(afterFirst?._rev);
  });

  it('revokes a token: it stops working at once, shows revokedAt, and a second revoke says it already was', async () => {
    const { body } = await createToken('temporary', ['data-analyst']);
    const revoke = await server.request(`/api/v1/auth/tokens/${body.id}`, { method: 'DELETE' });
    expect(revoke.status).toBe(204);
    expect(await revoke.text()).toBe('');

    const refused = await server.request('/api/v1/auth/whoami', { token: body.token });
    expect(refused.status).toBe(401);
    expect((await refused.json()).error).toMatchObject({ code: 'unauthenticated', message: expect.stringMatching(/was revoked at/) });

    const list = await (await server.request('/api/v1/auth/tokens')).json();
    expect(list.tokens.find((t: { id: string }) => t.id === body.id).revokedAt).toEqual(expect.any(String));

    const again = await server.request(`/api/v1/auth/tokens/${body.id}`, { method: 'DELETE' });
    expect(again.status).toBe(409);
    expect((await again.json()).error).toMatchObject({
      code: 'already_revoked',
      message: expect.stringContaining(`token ${body.id} was already revoked at`)
    });
  });

  it('answers 404 for revoking a token that does not exist', async () => {
    const response = await server.request('/api/v1/auth/tokens/tok_nope', { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatchObject({ code: 'not_found', message: 'no token with id tok_nope' });
  });

  it('refuses to revoke the last active admin token, and allows it once another admin exists', async () => {
    const adminId = (await (await server.request('/api/v1/auth/whoami')).json()).tokenId;
    const refused = await server.request(`/api/v1/auth/tokens/${adminId}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toMatchObject({
      code: 'last_admin_token',
      message: expect.stringContaining('last active admin token')
    });

    const second = await createToken('second admin', ['admin']);
    const revoked = await server.request(`/api/v1/auth/tokens/${adminId}`, { method: 'DELETE', token: second.body.token });
    expect(revoked.status).toBe(204);
    const mine = await server.request(`/api/v1/auth/tokens/${second.body.id}`, { method: 'DELETE', token: second.body.token });
    expect(mine.status).toBe(409);
  });
});

describe('authentication and authorisation answers', () => {
  it.each([
    ['no header', undefined, 'no Authorization header was sent'],
    ['another scheme', 'Basic dXNlcjpwYXNz', 'the Authorization header must be "Bearer <token>"'],
    ['a value that is not a token', 'Bearer hunter2', 'the bearer token is not recognised'],
    ['an unknown token', `Bearer mlp_${'A'.repeat(43)}`, 'the bearer token is not recognised']
  ])('401 for %s, naming the permission needed', async (_case, authorization, reason) => {
    const headers: Record<string, string> = authorization ? { Authorization: authorization } : {};
    const response = await server.request('/api/v1/auth/tokens', { token: null, headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const body = await response.json();
    expect(body).toEqual({
      error: {
        code: 'unauthenticated',
        message: `${reason}; this endpoint needs a token with the tokens:list permission (Authorization: Bearer <token>)`,
        requestId: response.headers.get('x-request-id'),
        details: { permission: 'tokens:list' }
      }
    });
  });

  it('403 names the permission, the roles that hold it and the roles the token has', async () => {
    const { body: analyst } = await createToken('analyst', ['data-analyst', 'business']);
    const response = await server.request('/api/v1/auth/tokens', {
      method: 'POST',
      token: analyst.token,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'sneaky', roles: ['admin'] })
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: {
        code: 'forbidden',
        message: 'this needs the tokens:create permission, held by the roles admin; your token has data-analyst, business',
        requestId: response.headers.get('x-request-id'),
        details: { permission: 'tokens:create', allowedRoles: ['admin'], tokenRoles: ['data-analyst', 'business'] }
      }
    });
    const list = await (await server.request('/api/v1/auth/tokens')).json();
    expect(list.tokens.map((t: { name: string }) => t.name)).not.toContain('sneaky');
  });

  it('authenticates before validating, so a stranger learns nothing about the body rules', async () => {
    const response = await server.request('/api/v1/auth/tokens', {
      method: 'POST',
      token: null,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ bogus: true })
    });
    expect(response.status).toBe(401);
  });

  it('validates token requests: name 1-100 characters, at least one known role, no repeats', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{ name: '', roles: ['admin'] }, 'body.name', 'must not be empty'],
      [{ name: 'x'.repeat(101), roles: ['admin'] }, 'body.name', 'must be at most 100 characters'],
      [{ name: 'x', roles: [] }, 'body.roles', 'must name at least one role'],
      [{ name: 'x', roles: ['admin', 'admin'] }, 'body.roles', 'must not repeat a role'],
      [{ name: 'x', roles: ['wizard'] }, 'body.roles[0]', 'Invalid option']
    ];
    for (const [payload, path, message] of cases) {
      const { response, body } = await createToken((payload as { name: string }).name, (payload as { roles: string[] }).roles);
      expect(response.status).toBe(400);
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details).toEqual([{ path, message: expect.stringContaining(message) }]);
    }
  });
});
