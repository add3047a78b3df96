import { z } from 'zod';
import { allRoutes } from '../composition/routes';
import { defineRoute } from './route';
import { NotFoundError, StaleRevisionError } from '../platform/errors';
import { startTestServer, type TestServer } from '../testing/test-server';

/** Routes that exist only here, to reach the fault paths real routes should never take. */
const faultRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/test/crash',
    operationId: 'crash',
    summary: 'Throws a plain Error',
    tag: 'test',
    access: 'session:read',
    response: { status: 200, schema: z.object({}), description: 'never' },
    async handler() {
      throw new Error('database password is hunter2');
    }
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/test/stale',
    operationId: 'stale',
    summary: 'Throws a StaleRevisionError',
    tag: 'test',
    access: 'session:read',
    response: { status: 200, schema: z.object({}), description: 'never' },
    async handler() {
      throw new StaleRevisionError('things', 'th_1', 2, 3);
    }
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/test/leaky',
    operationId: 'leaky',
    summary: 'Returns more than its schema and, with ?bad, something that breaks it',
    tag: 'test',
    access: 'session:read',
    query: z.strictObject({ bad: z.string().optional(), limit: z.coerce.number().int().min(1).optional() }),
    response: { status: 200, schema: z.object({ name: z.string() }), description: 'a name' },
    async handler({ query }) {
      if (query.bad !== undefined) return { name: 42 } as unknown as { name: string };
      return { name: 'visible', secretHash: 'abc' } as { name: string };
    }
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/test/hot',
    operationId: 'hot',
    summary: 'A hot answer, checked in tests only; ?bad breaks its schema, ?extra adds a field it does not list',
    tag: 'test',
    access: 'session:read',
    query: z.strictObject({ bad: z.string().optional(), extra: z.string().optional() }),
    response: { status: 200, schema: z.object({ count: z.number().int() }), description: 'a count', check: 'in-tests' },
    async handler({ query }) {
      if (query.bad !== undefined) return { count: 1.5 };
      return query.extra !== undefined ? ({ count: 2, note: 'as built' } as { count: number }) : { count: 2 };
    }
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/test/things/:id',
    operationId: 'getThing',
    summary: 'Not found',
    tag: 'test',
    access: 'public',
    params: z.strictObject({ id: z.string().regex(/^th_\d+$/, 'must look like th_<digits>') }),
    response: { status: 200, schema: z.object({}), description: 'never' },
    async handler({ params }) {
      throw new NotFoundError(`no thing ${params.id}`);
    }
  })
];

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { MLPORTAL_MAX_BODY_BYTES: '1024' }, routes: [...allRoutes, ...faultRoutes] });
});

afterAll(async () => {
  await server.stop();
});

const postTokens = (body: string, contentType = 'application/json') =>
  server.request('/api/v1/auth/tokens', { method: 'POST', headers: { 'Content-Type': contentType }, body });

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = await response.json();
  expect(body).toEqual({
    error: {
      code,
      message: expect.any(String),
      requestId: response.headers.get('x-request-id'),
      ...(body.error.details === undefined ? {} : { details: body.error.details })
    }
  });
  expect(Object.keys(body)).toEqual(['error']);
  return body.error as { code: string; message: string; requestId: string; details?: unknown };
}

describe('one error shape for every error', () => {
  it('400 invalid_json for a malformed body', async () => {
    const error = await expectError(await postTokens('{"name": "x", roles: ['), 400, 'invalid_json');
    expect(error.message).toMatch(/^the request body is not valid JSON: /);
  });

  it('400 validation_failed for wrong types, naming each field path and the reason', async () => {
    const error = await expectError(await postTokens(JSON.stringify({ name: 7, roles: ['admin', 3] })), 400, 'validation_failed');
    expect(error.details).toEqual([
      { path: 'body.name', message: 'Invalid input: expected string, received number' },
      { path: 'body.roles[1]', message: expect.stringContaining('Invalid option') }
    ]);
    expect(error.message).toContain('body.name: Invalid input: expected string, received number');
  });

  it('400 validation_failed for unknown fields, one entry per field', async () => {
    const error = await expectError(
      await postTokens(JSON.stringify({ name: 'x', roles: ['admin'], expires: 'never', 'odd key': 1 })),
      400,
      'validation_failed'
    );
    expect(error.details).toEqual([
      { path: 'body.expires', message: 'unknown field' },
      { path: 'body["odd key"]', message: 'unknown field' }
    ]);
  });

  it('400 validation_failed for a missing body and for a JSON value that is not an object', async () => {
    const missing = await expectError(await server.request('/api/v1/auth/tokens', { method: 'POST' }), 400, 'validation_failed');
    expect(missing.details).toEqual([{ path: 'body', message: expect.stringContaining('expected object') }]);
    const array = await expectError(await postTokens('["admin"]'), 400, 'validation_failed');
    expect(array.details).toEqual([{ path: 'body', message: expect.stringContaining('expected object') }]);
  });

  it('400 validation_failed for bad path and query parameters', async () => {
    const params = await expectError(await server.request('/api/v1/test/things/42'), 400, 'validation_failed');
    expect(params.details).toEqual([{ path: 'params.id', message: 'must look like th_<digits>' }]);
    const query = await expectError(await server.request('/api/v1/test/leaky?limit=zero&extra=1'), 400, 'validation_failed');
    expect(query.details).toEqual([
      { path: 'query.limit', message: expect.stringContaining('expected number') },
      { path: 'query.extra', message: 'unknown field' }
    ]);
  });

  it('413 payload_too_large above MLPORTAL_MAX_BODY_BYTES', async () => {
    const error = await expectError(
      await postTokens(JSON.stringify({ name: 'x'.repeat(2000), roles: ['admin'] })),
      413,
      'payload_too_large'
    );
    expect(error.message).toBe('the request body is larger than the limit of 1024 bytes (MLPORTAL_MAX_BODY_BYTES)');
  });

  it('415 unsupported_media_type for a body that is not JSON', async () => {
    const error = await expectError(await postTokens('name=x', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
    expect(error.message).toContain('Content-Type: application/json');
  });

  it('404 not_found for an unknown route, with or without a token', async () => {
    const error = await expectError(await server.request('/api/v1/nothing-here', { token: null }), 404, 'not_found');
    expect(error.message).toBe('no such endpoint: GET /api/v1/nothing-here');
    await expectError(await server.request('/elsewhere', { method: 'POST' }), 404, 'not_found');
  });

  it('405 method_not_allowed for a known path with another method, with an Allow header', async () => {
    const response = await server.request('/api/v1/auth/whoami', { method: 'PUT' });
    expect(response.headers.get('allow')).toBe('GET');
    await expectError(response, 405, 'method_not_allowed');
  });

  it('AppErrors answer with their own status and code', async () => {
    const notFound = await expectError(await server.request('/api/v1/test/things/th_1'), 404, 'not_found');
    expect(notFound.message).toBe('no thing th_1');
    const stale = await expectError(await server.request('/api/v1/test/stale'), 409, 'stale_revision');
    expect(stale.details).toEqual({ expected: 2, actual: 3 });
  });

  it('500 internal_error for anything else, without leaking it; the log keeps it under the request id', async () => {
    const error = await expectError(await server.request('/api/v1/test/crash'), 500, 'internal_error');
    expect(error.message).toBe(`internal error; the server log has the details under request id ${error.requestId}`);
    expect(JSON.stringify(error)).not.toContain('hunter2');
    const logged = server.logs.find((line) => line.requestId === error.requestId && line.msg === 'unhandled error');
    expect(JSON.stringify(logged)).toContain('database password is hunter2');
  });

  it('sends only what the response schema lists, and treats a response that breaks its schema as a fault', async () => {
    const ok = await server.request('/api/v1/test/leaky');
    expect(await ok.json()).toEqual({ name: 'visible' });
    await expectError(await server.request('/api/v1/test/leaky?bad=1'), 500, 'internal_error');
  });

  it("checks a check: 'in-tests' answer in tests, and otherwise sends it as built; always-checked answers stay stripped", async () => {
    const hot = (server: TestServer, query = '') => server.request(`/api/v1/test/hot${query}`, { method: 'POST' });
    expect(await (await hot(server)).json()).toEqual({ count: 2 });
    await expectError(await hot(server, '?bad=1'), 500, 'internal_error');
    expect(await (await hot(server, '?extra=1')).json()).toEqual({ count: 2, note: 'as built' });

    const unchecked = await startTestServer({ routes: faultRoutes, checkAllResponses: false });
    try {
      const sent = await hot(unchecked, '?bad=1');
      expect(sent.status).toBe(200);
      expect(await sent.json()).toEqual({ count: 1.5 });
      expect(await (await hot(unchecked, '?extra=1')).json()).toEqual({ count: 2, note: 'as built' });
      expect(await (await unchecked.request('/api/v1/test/leaky')).json()).toEqual({ name: 'visible' });
      await expectError(await unchecked.request('/api/v1/test/leaky?bad=1'), 500, 'internal_error');
    } finally {
      await unchecked.stop();
    }
  });

  it('answers GET with an ETag and other methods without one', async () => {
    expect((await server.request('/api/v1/auth/whoami')).headers.get('etag')).toMatch(/^W\/".+"$/);
    const posted = await server.request('/api/v1/test/hot', { method: 'POST' });
    expect(posted.headers.get('etag')).toBeNull();
    expect(posted.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(posted.headers.get('content-length'))).toBe(Buffer.byteLength(JSON.stringify({ count: 2 })));
  });
});

describe('request ids', () => {
  it('generates one per request and echoes it in the header and the error body', async () => {
    const first = await server.request('/api/v1/health');
    const second = await server.request('/api/v1/health');
    expect(first.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
  });

  it('keeps a sane incoming X-Request-Id and replaces one that is not', async () => {
    const kept = await server.request('/api/v1/nope', { headers: { 'X-Request-Id': 'trace-abc.123:4' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-abc.123:4');
    expect((await kept.json()).error.requestId).toBe('trace-abc.123:4');

    const replaced = await server.request('/api/v1/health', { headers: { 'X-Request-Id': 'x'.repeat(200) } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const spaced = await server.request('/api/v1/health', { headers: { 'X-Request-Id': 'a b<script>' } });
    expect(spaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('request logs', () => {
  it('writes one structured line per request with id, method, route, status, ms and token id, never the token', async () => {
    const response = await server.request('/api/v1/auth/tokens', { headers: { 'X-Request-Id': 'log-check-1' } });
    expect(response.status).toBe(200);
    const me = await (await server.request('/api/v1/auth/whoami')).json();
    const lines = server.logs.filter((line) => line.requestId === 'log-check-1' && line.msg === 'request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      method: 'GET',
      route: '/api/v1/auth/tokens',
      status: 200,
      ms: expect.any(Number),
      tokenId: me.tokenId
    });
    expect(server.logText()).not.toContain(server.adminToken.slice(4));
  });

  it('logs refused requests too, with the route they aimed at', async () => {
    await server.request('/api/v1/auth/tokens', { token: null, headers: { 'X-Request-Id': 'log-check-2' } });
    const line = server.logs.find((l) => l.requestId === 'log-check-2' && l.msg === 'request');
    expect(line).toMatchObject({ status: 401, route: '/api/v1/auth/tokens', tokenId: null });
  });
});
