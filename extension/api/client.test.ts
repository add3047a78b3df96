import { MlportalApiError, MlportalConfigError, MlportalConnectionError } from '@mlportal/sdk/core';
import { startStubBackend, unreachableUrl, type StubBackend } from '../../kernels/testing/stub-backend';
import { MlportalClient } from './client';

// The request logic itself (errors, shape checks, bodies, queries) is the SDK's, tested in
// kernels/sdk/src/client.test.ts; these tests cover what the extension's client adds around it.

const admin = { tokenId: 'tok_1', name: 'admin', roles: ['admin'], permissions: ['tokens:create'] };

describe('MlportalClient', () => {
  let backend: StubBackend;

  beforeEach(async () => {
    backend = await startStubBackend({ store: 'mongodb', version: '1.2.3', tokens: { mlp_good: admin } });
  });

  afterEach(async () => {
    await backend.close();
  });

  it('asks for health without the token and sends it as a bearer token to whoami', async () => {
    const client = new MlportalClient({ backendUrl: backend.url, token: 'mlp_good' });
    await expect(client.health()).resolves.toEqual({ status: 'ok', store: 'mongodb', version: '1.2.3' });
    await expect(client.whoami()).resolves.toEqual(admin);
    expect(backend.requests).toEqual([
      { method: 'GET', path: '/api/v1/health', authorization: undefined },
      { method: 'GET', path: '/api/v1/auth/whoami', authorization: 'Bearer mlp_good' }
    ]);
  });

  it('rejects a refused token with the SDK error, keeping the backend message and request id', async () => {
    const client = new MlportalClient({ backendUrl: backend.url, token: 'mlp_wrong' });
    const error = await client.whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlportalApiError);
    expect(error).toMatchObject({
      status: 401,
      code: 'unauthenticated',
      backendMessage: 'the token is not valid',
      url: `${backend.url}/api/v1/auth/whoami`
    });
    expect((error as MlportalApiError).requestId).toMatch(/^req-/);
  });

  it('refuses to send an authenticated request without a token, naming the setting', async () => {
    const client = new MlportalClient({ backendUrl: backend.url, token: '  ' });
    expect(client.hasToken).toBe(false);
    const error = await client.whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlportalConfigError);
    expect((error as Error).message).toMatch(/^No mlportal API token is set.*add one under Settings → ML Portal → token\.$/);
    expect(backend.requests).toHaveLength(0);
  });

  it('names the URL and the page origin (CORS) when nothing answers there', async () => {
    const url = await unreachableUrl();
    const client = new MlportalClient({ backendUrl: url, token: 'mlp_good' }, { pageOrigin: 'http://lab.example:8888' });
    const error = await client.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlportalConnectionError);
    expect((error as Error).message).toContain(url);
    expect((error as Error).message).toContain('does not allow requests from http://lab.example:8888 (CORS)');
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
    expect(error).toBeInstanceOf(MlportalConfigError);
    expect(error).toMatchObject({ setting: 'backendUrl' });
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

  it('recovers from an unusable backend URL once the settings are fixed', async () => {
    const client = new MlportalClient({ backendUrl: 'localhost:8765', token: 'mlp_good' });
    await expect(client.health()).rejects.toBeInstanceOf(MlportalConfigError);
    client.configure({ backendUrl: backend.url, token: 'mlp_good' });
    await expect(client.whoami()).resolves.toEqual(admin);
  });
});
