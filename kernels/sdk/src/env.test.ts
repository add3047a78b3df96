import { startStubBackend, type StubBackend } from '../../testing/stub-backend';
import { clientFromEnv, health, whoami } from './env';
import { MlportalConfigError } from './errors';

const admin = { tokenId: 'tok_1', name: 'admin', roles: ['admin'], permissions: ['tokens:create'] };

describe('the environment-driven functions', () => {
  let backend: StubBackend;
  const saved = { url: process.env.MLPORTAL_URL, token: process.env.MLPORTAL_TOKEN };

  beforeEach(async () => {
    backend = await startStubBackend({ store: 'mongodb', version: '2.0.0', tokens: { mlp_admin: admin } });
  });

  afterEach(async () => {
    await backend.close();
    for (const [name, value] of [
      ['MLPORTAL_URL', saved.url],
      ['MLPORTAL_TOKEN', saved.token]
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('health() and whoami() use MLPORTAL_URL and MLPORTAL_TOKEN', async () => {
    process.env.MLPORTAL_URL = backend.url;
    process.env.MLPORTAL_TOKEN = 'mlp_admin';
    await expect(health()).resolves.toEqual({ status: 'ok', store: 'mongodb', version: '2.0.0' });
    await expect(whoami()).resolves.toEqual(admin);
    expect(backend.requests.map((r) => r.authorization)).toEqual([undefined, 'Bearer mlp_admin']);
  });

  it('health() needs no token', async () => {
    process.env.MLPORTAL_URL = backend.url;
    delete process.env.MLPORTAL_TOKEN;
    await expect(health()).resolves.toMatchObject({ status: 'ok' });
  });

  it('names MLPORTAL_URL when it is missing', async () => {
    delete process.env.MLPORTAL_URL;
    const error = await health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlportalConfigError);
    expect(error).toMatchObject({ setting: 'MLPORTAL_URL' });
    expect((error as Error).message).toMatch(/^MLPORTAL_URL is not set: set it to the mlportal backend URL/);
  });

  it('names MLPORTAL_TOKEN when whoami() has none, before calling the backend', async () => {
    process.env.MLPORTAL_URL = backend.url;
    process.env.MLPORTAL_TOKEN = '   ';
    await expect(whoami()).rejects.toMatchObject({
      setting: 'MLPORTAL_TOKEN',
      message: expect.stringMatching(/^MLPORTAL_TOKEN is not set/)
    });
    expect(backend.requests).toHaveLength(0);
  });

  it('names MLPORTAL_URL when it is not an http(s) URL', () => {
    expect(() => clientFromEnv({ env: { MLPORTAL_URL: '127.0.0.1:8765' } })).toThrow(
      'MLPORTAL_URL must be the backend\'s http(s) URL, e.g. http://127.0.0.1:8765; got "127.0.0.1:8765"'
    );
  });
});
