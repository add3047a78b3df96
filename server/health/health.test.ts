import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestServer, type TestServer } from '../testing/test-server';

const packageVersion = (JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.stop();
});

describe('GET /api/v1/health', () => {
  it('answers without a token: status, store kind and version', async () => {
    const response = await server.request('/api/v1/health', { token: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', store: 'sqlite', version: packageVersion });
  });

  it('ignores a bad token rather than refusing a public endpoint', async () => {
    const response = await server.request('/api/v1/health', { token: 'not-a-token' });
    expect(response.status).toBe(200);
  });

  it('answers 503 "unavailable" when the store does not answer', async () => {
    await server.store.close();
    const response = await server.request('/api/v1/health', { token: null });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', store: 'sqlite', version: packageVersion });
  });
});
