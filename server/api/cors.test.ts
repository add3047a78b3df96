import { startTestServer, type TestServer } from '../testing/test-server';

const ALLOWED = 'http://localhost:8888';
const OTHER = 'https://evil.example';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { MLPORTAL_CORS_ORIGINS: `${ALLOWED},https://lab.example.com` } });
});

afterAll(async () => {
  await server.stop();
});

const preflight = (origin: string) =>
  server.request('/api/v1/auth/whoami', {
    method: 'OPTIONS',
    token: null,
    headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' }
  });

describe('CORS', () => {
  it('answers a preflight from an allowed origin, allowing the Authorization and Content-Type headers, without a token', async () => {
    const response = await preflight(ALLOWED);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
    expect(response.headers.get('access-control-allow-methods')).toMatch(/DELETE/);
    expect(response.headers.get('vary')).toMatch(/Origin/);
  });

  it('gives an allowed origin its own origin back (never a wildcard) and exposes the request id', async () => {
    const response = await server.request('/api/v1/auth/whoami', { headers: { Origin: ALLOWED } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-expose-headers')).toMatch(/X-Request-Id/);
    const error = await server.request('/api/v1/auth/whoami', { token: null, headers: { Origin: ALLOWED } });
    expect(error.status).toBe(401);
    expect(error.headers.get('access-control-allow-origin')).toBe(ALLOWED);
  });

  it('gives any other origin no CORS headers, and refuses its preflight', async () => {
    const response = await server.request('/api/v1/auth/whoami', { headers: { Origin: OTHER } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const refused = await preflight(OTHER);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect((await refused.json()).error).toMatchObject({
      code: 'origin_not_allowed',
      message: expect.stringContaining('MLPORTAL_CORS_ORIGINS')
    });
  });

  it('matches origins exactly: another port or scheme is another origin', async () => {
    for (const origin of ['http://localhost:8889', 'https://localhost:8888', 'http://localhost:8888.evil.example']) {
      const response = await server.request('/api/v1/health', { headers: { Origin: origin } });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});
