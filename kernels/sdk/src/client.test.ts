import { inspect } from 'node:util';
import { sendJson, startStubBackend, unreachableUrl, type StubBackend } from '../../testing/stub-backend';
import { Client } from './client';
import { MlportalApiError, MlportalConfigError, MlportalConnectionError, MlportalError } from './errors';

const engineer = { tokenId: 'tok_3', name: 'eng', roles: ['ml-engineer'], permissions: ['experiments:write'] };

describe('Client', () => {
  let backend: StubBackend;

  beforeEach(async () => {
    backend = await startStubBackend({ store: 'sqlite', version: '0.1.0', tokens: { mlp_eng: engineer } });
  });

  afterEach(async () => {
    await backend.close();
  });

  it('reads health without a token', async () => {
    const client = new Client({ url: backend.url });
    await expect(client.health()).resolves.toEqual({ status: 'ok', store: 'sqlite', version: '0.1.0' });
    expect(backend.requests[0]).toEqual({ method: 'GET', path: '/api/v1/health', authorization: undefined });
  });

  it('sends the token as a bearer token', async () => {
    const client = new Client({ url: `${backend.url}/`, token: 'mlp_eng' });
    await expect(client.whoami()).resolves.toEqual(engineer);
    expect(backend.requests[0].authorization).toBe('Bearer mlp_eng');
  });

  it('throws a typed error carrying the status, code, message and request id of the shared error shape', async () => {
    const client = new Client({ url: backend.url, token: 'mlp_forged' });
    const error = await client.whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlportalApiError);
    expect(error).toBeInstanceOf(MlportalError);
    const apiError = error as MlportalApiError;
    expect(apiError).toMatchObject({ status: 401, code: 'unauthenticated', backendMessage: 'the token is not valid' });
    expect(apiError.requestId).toMatch(/^req-/);
    expect(apiError.message).toBe(
      `401 unauthenticated: the token is not valid (GET ${backend.url}/api/v1/auth/whoami, request id ${apiError.requestId})`
    );
  });

  it('passes on details and a 403 from the backend', async () => {
    await backend.close();
    const details = { permission: 'tokens:manage' };
    backend = await startStubBackend({
      routes: {
        '/api/v1/auth/whoami': (_req, res) =>
          sendJson(res, 403, { error: { code: 'forbidden', message: 'needs tokens:manage', requestId: 'r-403', details } })
      }
    });
    const client = new Client({ url: backend.url, token: 'mlp_eng' });
    await expect(client.whoami()).rejects.toMatchObject({ status: 403, code: 'forbidden', requestId: 'r-403', details });
  });

  it.each([
    // A proxy's plain-text answer says what went wrong; an HTML error page's markup does not.
    ['plain text', 503, 'text/plain', 'upstream down', 'upstream down'],
    ['an HTML page', 502, 'text/html', '<h1>Bad Gateway</h1>', 'Bad Gateway']
  ])('keeps the status and request id of an error answer in %s', async (_kind, status, contentType, text, backendMessage) => {
    await backend.close();
    backend = await startStubBackend({
      routes: {
        '/api/v1/health': (_req, res) => {
          res.writeHead(status, { 'Content-Type': contentType, 'X-Request-Id': 'proxy-7' });
          res.end(text);
        }
      }
    });
    await expect(new Client({ url: backend.url }).health()).rejects.toMatchObject({
      status,
      code: `http_${status}`,
      backendMessage,
      requestId: 'proxy-7'
    });
  });

  it('refuses an answer that is not the health shape', async () => {
    await backend.close();
    backend = await startStubBackend({ routes: { '/api/v1/health': (_req, res) => sendJson(res, 200, { up: true }) } });
    await expect(new Client({ url: backend.url }).health()).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('says which setting is missing before sending an authenticated request without a token', async () => {
    const error = await new Client({ url: backend.url }).whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlportalConfigError);
    expect(error).toMatchObject({ setting: 'token' });
    expect((error as Error).message).toBe(
      'No mlportal API token is set, and GET /api/v1/auth/whoami needs one: pass { token } to new Client(), or set MLPORTAL_TOKEN for the module functions'
    );
    expect(backend.requests).toHaveLength(0);
  });

  it('ends its messages with the advice its caller gives', async () => {
    const url = await unreachableUrl();
    const advice = { unreachable: 'Start it with npm start.', missingToken: 'set one under Settings.' };
    const unreachable = await new Client({ url, advice }).health().catch((e: unknown) => e);
    expect((unreachable as Error).message).toBe(`Cannot reach the mlportal backend at ${url}: ECONNREFUSED. Start it with npm start.`);
    const tokenless = await new Client({ url, advice }).whoami().catch((e: unknown) => e);
    expect((tokenless as Error).message).toBe(
      'No mlportal API token is set, and GET /api/v1/auth/whoami needs one: set one under Settings.'
    );
  });

  it('says whether it has a token, ignoring a blank one', () => {
    expect(new Client({ url: backend.url, token: 'mlp_eng' }).hasToken).toBe(true);
    expect(new Client({ url: backend.url, token: '  ' }).hasToken).toBe(false);
    expect(new Client({ url: backend.url }).hasToken).toBe(false);
  });

  it('names the URL when nothing listens there', async () => {
    const url = await unreachableUrl();
    const error = await new Client({ url }).health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlportalConnectionError);
    expect((error as Error).message).toBe(
      `Cannot reach the mlportal backend at ${url}: ECONNREFUSED. Is it running, and is the URL right?`
    );
  });

  it('gives up on a backend that does not answer in time', async () => {
    await backend.close();
    backend = await startStubBackend({ routes: { '/api/v1/health': () => undefined } });
    const client = new Client({ url: backend.url, timeoutMs: 200 });
    await expect(client.health()).rejects.toThrow(/no answer within 0.2 s/);
  });

  it('rejects a URL that is not http(s), naming the option', () => {
    expect(() => new Client({ url: 'localhost:8765' })).toThrow(
      'url must be the backend\'s http(s) URL, e.g. http://127.0.0.1:8765; got "localhost:8765"'
    );
  });

  it('sends a JSON body and query to any endpoint', async () => {
    let seen = { url: '', body: '', contentType: '' };
    await backend.close();
    backend = await startStubBackend({
      routes: {
        '/prefix/api/v1/things': (req, res) => {
          let body = '';
          req.on('data', (chunk) => (body += chunk));
          req.on('end', () => {
            seen = { url: req.url ?? '', body, contentType: req.headers['content-type'] ?? '' };
            sendJson(res, 201, { id: 'thing-1' });
          });
        }
      }
    });
    const client = new Client({ url: `${backend.url}/prefix`, token: 'mlp_eng' });
    const created = await client.request<{ id: string }>('/api/v1/things', {
      method: 'POST',
      body: { name: 'x' },
      query: { dryRun: false, skip: undefined }
    });
    expect(created).toEqual({ id: 'thing-1' });
    expect(seen).toEqual({ url: '/prefix/api/v1/things?dryRun=false', body: '{"name":"x"}', contentType: 'application/json' });
  });
});

describe('Client raw bodies', () => {
  let backend: StubBackend;

  afterEach(async () => {
    await backend.close();
  });

  it('streams an upload with its media type and downloads a file body piece by piece', async () => {
    let received = { body: '', contentType: '' };
    backend = await startStubBackend({
      routes: {
        '/api/v1/files': (req, res) => {
          let body = '';
          req.on('data', (chunk) => (body += chunk));
          req.on('end', () => {
            received = { body, contentType: req.headers['content-type'] ?? '' };
            sendJson(res, 201, { id: 'file-1' });
          });
        },
        '/api/v1/files/file-1': (_req, res) => {
          res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': '8' });
          res.write('a,b\n');
          res.end('1,2\n');
        }
      }
    });
    const client = new Client({ url: backend.url, token: 'mlp_eng' });
    const parts = ['origin,ts\n', 'SFO,2024-01-01T00:00:00Z\n'];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      }
    });
    const created = await client.request<{ id: string }>('/api/v1/files', {
      method: 'POST',
      upload: { body: stream, contentType: 'text/csv' }
    });
    expect(created).toEqual({ id: 'file-1' });
    expect(received).toEqual({ body: 'origin,ts\nSFO,2024-01-01T00:00:00Z\n', contentType: 'text/csv' });

    const download = await client.download('/api/v1/files/file-1');
    expect(download).toMatchObject({ contentType: 'text/csv', bytes: 8 });
    let text = '';
    for await (const chunk of download.chunks) text += new TextDecoder().decode(chunk);
    expect(text).toBe('a,b\n1,2\n');
  });

  it('throws the error answer of a download instead of handing back its body', async () => {
    backend = await startStubBackend({
      routes: {
        '/api/v1/files/nope': (_req, res) =>
          sendJson(res, 404, { error: { code: 'not_found', message: 'no file nope', requestId: 'r-404' } })
      }
    });
    await expect(new Client({ url: backend.url, token: 'mlp_eng' }).download('/api/v1/files/nope')).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
      backendMessage: 'no file nope'
    });
  });

  it('applies a per-request time limit', async () => {
    backend = await startStubBackend({ routes: { '/api/v1/slow': () => undefined } });
    const client = new Client({ url: backend.url, token: 'mlp_eng', timeoutMs: 60_000 });
    await expect(client.request('/api/v1/slow', { timeoutMs: 200 })).rejects.toThrow(/no answer within 0.2 s/);
  });
});

describe('Client printed in a notebook', () => {
  it('does not show its token', () => {
    const client = new Client({ url: 'http://127.0.0.1:8765', token: 'mlp_secret' });
    expect(inspect(client, { showHidden: true, depth: 5 })).not.toContain('mlp_secret');
    expect(JSON.stringify(client)).not.toContain('mlp_secret');
  });
});
