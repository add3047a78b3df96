import { startStubBackend, sendJson, unreachableUrl, type StubBackend } from '../../kernels/testing/stub-backend';
import { MlportalClient } from './client';
import { BackendUnreachableError, InvalidBackendUrlError, MissingTokenError, MlportalApiError } from './errors';

const admin = { tokenId: 'tok_1', name: 'admin', roles: ['admin'], permissions: ['tokens:manage'] };

describe('MlportalClient', () => {
  let backend: StubBackend;

  beforeEach(async () => {
    backend = await startStubBackend({ store: 'mongodb', version: '1.2.3', tokens: { 'mlp_good': admin } });
  });

  afterEach(async () => {
    await backend.close();
  });

  it('asks for health without sending the token', async () => {
    const client = new MlportalClient({ backendUrl: backend.url, token: 'mlp_good' });
    await expect(client.health()).resolves.toEqual({ status: 'ok', store: 'mongodb', version: '1.2.3' });
    expect(backend.requests).toEqual([{ method: 'GET', path: '/api/v1/health', authorization: undefined }]);
  });

  it('sends the token as a bearer token to whoami', async () => {
    const client = new MlportalClient({ backendUrl: backend.url, token: 'mlp_good' });
    await expect(client.whoami()).resolves.toEqual(admin);
    expect(backend.requests[0].authorization).toBe('Bearer mlp_good');
  });

  it('refuses to send an authenticated request without a token', async () => {
    const client = new MlportalClient({ backendUrl: backend.url, token: '  ' });
    await expect(client.whoami()).rejects.toBeInstanceOf(MissingTokenError);
    expect(backend.requests).toHaveLength(0);
  });

  it('turns the shared error body into a typed error', async () => {
    const client = new MlportalClient({ backendUrl: backend.url, token: 'mlp_wrong' });
    const error = await client.whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlportalApiError);
    expect(error).toMatchObject({
      status: 401,
      code: 'unauthenticated',
      message: 'the token is not valid',
      url: `${backend.url}/api/v1/auth/whoami`
    });
    expect((error as MlportalApiError).requestId).toMatch(/^req-/);
  });

  it('keeps the status and request id of an error answer that is not JSON', async () => {
    await backend.close();
    backend = await startStubBackend({
      routes: {
        '/api/v1/health': (_req, res) => {
          res.writeHead(502, { 'Content-Type': 'text/html', 'X-Request-Id': 'proxy-7' });
          res.end('<h1>Bad Gateway</h1>');
        }
      }
    });
    const client = new MlportalClient({ backendUrl: backend.url, token: '' });
    await expect(client.health()).rejects.toMatchObject({ status: 502, code: 'http_502', requestId: 'proxy-7' });
  });

  it('rejects a health body that is not an mlportal health answer', async () => {
    await backend.close();
    backend = await startStubBackend({
      routes: { '/api/v1/health': (_req, res) => sendJson(res, 200, { status: 'ok', store: 'postgres' }) }
    });
    const client = new MlportalClient({ backendUrl: backend.url, token: '' });
    await expect(client.health()).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('names the URL when nothing answers there', async () => {
    const url = await unreachableUrl();
    const client = new MlportalClient({ backendUrl: url, token: 'mlp_good' });
    const error = await client.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnreachableError);
    expect((error as Error).message).toContain(url);
  });

  it('gives up on a backend that never answers', async () => {
    await backend.close();
    backend = await startStubBackend({ routes: { '/api/v1/health': () => undefined } });
    const client = new MlportalClient({ backendUrl: backend.url, token: '' }, { timeoutMs: 200 });
    await expect(client.health()).rejects.toThrow(/no answer within 0.2 s/);
  });

  it.each([
    ['', /No mlportal backend URL is set/],
    ['127.0.0.1:8765', /"127.0.0.1:8765" is not an http\(s\) URL/],
    ['ftp://example.org', /"ftp:\/\/example.org" is not an http\(s\) URL/]
  ])('explains an unusable backend URL %j', async (backendUrl, message) => {
    const client = new MlportalClient({ backendUrl, token: '' });
    const error = await client.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidBackendUrlError);
    expect((error as Error).message).toMatch(message);
  });

  it('follows a new configuration, keeping a path prefix and dropping trailing slashes', async () => {
    const client = new MlportalClient({ backendUrl: 'http://127.0.0.1:1', token: '' });
    client.configure({ backendUrl: `${backend.url}/mlportal//`, token: 'mlp_good' });
    expect(client.backendUrl).toBe(`${backend.url}/mlportal`);
    expect(client.hasToken).toBe(true);
    await client.request('/api/v1/things', { query: { limit: 5, after: undefined } }).catch(() => undefined);
    expect(backend.requests[0].path).toBe('/mlportal/api/v1/things');
  });

  it('sends a JSON body with its content type', async () => {
    let received = '';
    let contentType: string | undefined;
    await backend.close();
    backend = await startStubBackend({
      routes: {
        '/api/v1/echo': (req, res) => {
          contentType = req.headers['content-type'];
          req.on('data', chunk => (received += chunk));
          req.on('end', () => sendJson(res, 201, { ok: true }));
        }
      }
    });
    const client = new MlportalClient({ backendUrl: backend.url, token: 'mlp_good' });
    await expect(client.request('/api/v1/echo', { method: 'POST', body: { a: 1 } })).resolves.toEqual({ ok: true });
    expect(JSON.parse(received)).toEqual({ a: 1 });
    expect(contentType).toBe('application/json');
  });
});
