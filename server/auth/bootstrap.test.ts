import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createLogger } from '../platform/logging';
import { openStore } from '../platform/store';
import type { DocumentStore } from '../platform/store/port';
import { makeTempDir, type TempDir } from '../testing/temp-dir';
import { LogCapture } from '../testing/test-server';
import { AdminBootstrapError, ADMIN_TOKEN_FILE, bootstrapAdminToken } from './bootstrap';
import { generateToken, isWellFormedToken } from './token-format';
import { TokenService } from './token-service';

let dir: TempDir;
let store: DocumentStore;
let logs: LogCapture;
let tokens: TokenService;

beforeEach(async () => {
  dir = makeTempDir('bootstrap');
  store = await openStore({ kind: 'sqlite', path: path.join(dir.path, 'mlportal.sqlite') });
  logs = new LogCapture();
  tokens = new TokenService(store, createLogger({ level: 'info', destination: logs }));
  await tokens.prepare();
});

afterEach(async () => {
  await store.close();
  dir.remove();
});

const bootstrap = (adminToken?: string) =>
  bootstrapAdminToken({ tokens, dataDir: dir.path, adminToken, logger: createLogger({ level: 'info', destination: logs }) });

describe('admin bootstrap without MLPORTAL_ADMIN_TOKEN', () => {
  it('generates an admin token into <dataDir>/admin-token, mode 0600, and logs the path but never the token', async () => {
    const outcome = await bootstrap();
    const file = path.join(dir.path, ADMIN_TOKEN_FILE);
    expect(outcome).toEqual({ kind: 'generated', tokenId: expect.any(String), file });
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const token = readFileSync(file, 'utf8').trim();
    expect(isWellFormedToken(token)).toBe(true);
    expect(await tokens.authenticate(token, 'tokens:create')).toMatchObject({ roles: ['admin'] });

    expect(logs.text).toContain(file);
    expect(logs.text).not.toContain(token.slice(4));
  });

  it('is idempotent: a second start keeps the token and the file', async () => {
    await bootstrap();
    const file = path.join(dir.path, ADMIN_TOKEN_FILE);
    const first = readFileSync(file, 'utf8');
    expect(await bootstrap()).toEqual({ kind: 'admin-present' });
    expect(readFileSync(file, 'utf8')).toBe(first);
    expect(await tokens.list()).toHaveLength(1);
  });

  it('replaces a stale file left by a store that was wiped, and the new file is 0600 whatever the old mode', async () => {
    const { writeFileSync, chmodSync } = await import('node:fs');
    const file = path.join(dir.path, ADMIN_TOKEN_FILE);
    writeFileSync(file, 'stale\n');
    chmodSync(file, 0o644);
    await bootstrap();
    expect(readFileSync(file, 'utf8')).not.toBe('stale\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('generates nothing when an admin token already exists', async () => {
    await tokens.create({ name: 'ops', roles: ['admin'], createdBy: 'bootstrap' });
    expect(await bootstrap()).toEqual({ kind: 'admin-present' });
    expect(existsSync(path.join(dir.path, ADMIN_TOKEN_FILE))).toBe(false);
  });
});

describe('admin bootstrap with MLPORTAL_ADMIN_TOKEN', () => {
  it('registers the given token as an admin token once, writes no file, and never logs the value', async () => {
    const token = generateToken();
    const first = await bootstrap(token);
    expect(first).toEqual({ kind: 'env-token-registered', tokenId: expect.any(String) });
    expect(await bootstrap(token)).toEqual({
      kind: 'env-token-present',
      tokenId: first.kind === 'env-token-registered' ? first.tokenId : ''
    });
    expect(await tokens.list()).toHaveLength(1);
    expect(await tokens.authenticate(token, 'tokens:create')).toMatchObject({ roles: ['admin'] });
    expect(existsSync(path.join(dir.path, ADMIN_TOKEN_FILE))).toBe(false);
    expect(logs.text).not.toContain(token.slice(4));
  });

  it('refuses to revive a revoked token', async () => {
    const token = generateToken();
    await bootstrap(token);
    const other = await tokens.create({ name: 'second admin', roles: ['admin'], createdBy: 'bootstrap' });
    const given = await tokens.findByToken(token);
    await tokens.revoke(given!.id, other.record.id);
    await expect(bootstrap(token)).rejects.toThrow(AdminBootstrapError);
    await expect(bootstrap(token)).rejects.toThrow(
      /MLPORTAL_ADMIN_TOKEN names token tok_\S+, which was revoked at .*set MLPORTAL_ADMIN_TOKEN to a new value/
    );
  });

  it('refuses a token that exists without the admin role', async () => {
    const { token } = await tokens.create({ name: 'analyst', roles: ['data-analyst'], createdBy: 'bootstrap' });
    await expect(bootstrap(token)).rejects.toThrow(/has the roles data-analyst but not admin/);
  });
});
