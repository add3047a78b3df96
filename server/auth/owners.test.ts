/**
 * The owner port that rules (and later schedules, pipelines, studies) act through: a token's
 * standing read from the store, and revocation notices that reach listeners before the revoke
 * answers, a failing listener never undoing the revoke.
 */
import path from 'node:path';
import { createLogger } from '../platform/logging';
import { openStore } from '../platform/store';
import type { DocumentStore } from '../platform/store/port';
import { makeTempDir, type TempDir } from '../testing/temp-dir';
import { LogCapture } from '../testing/test-server';
import { ownerPortOf } from '../composition/ports/owners';
import type { OwnerPort } from './owners';
import type { TokenRevoked } from './revocations';
import { TokenService } from './token-service';

let dir: TempDir;
let store: DocumentStore;
let logs: LogCapture;
let tokens: TokenService;
let owners: OwnerPort;
const now = new Date('2025-03-01T10:00:00.000Z');

beforeEach(async () => {
  dir = makeTempDir('owners');
  store = await openStore({ kind: 'sqlite', path: path.join(dir.path, 'mlportal.sqlite') });
  logs = new LogCapture();
  tokens = new TokenService(store, createLogger({ level: 'info', destination: logs }), () => now);
  await tokens.prepare();
  owners = ownerPortOf(tokens);
  await tokens.create({ name: 'admin', roles: ['admin'], createdBy: 'bootstrap' });
});

afterEach(async () => {
  await store.close();
  dir.remove();
});

describe('owner standing', () => {
  it('is valid with the roles the token holds now', async () => {
    const { record } = await tokens.create({ name: 'retraining', roles: ['ml-engineer'], createdBy: 'test' });
    expect(await owners.standing(record.id)).toEqual({
      valid: true,
      principal: { tokenId: record.id, name: 'retraining', roles: ['ml-engineer'] }
    });
  });

  it('is not valid once revoked, saying when; nor for a token that does not exist', async () => {
    const { record } = await tokens.create({ name: 'retraining', roles: ['ml-engineer'], createdBy: 'test' });
    await tokens.revoke(record.id, 'tok_admin');
    expect(await owners.standing(record.id)).toEqual({ valid: false, reason: 'owner token revoked at 2025-03-01T10:00:00.000Z' });
    expect(await owners.standing('tok_nosuch')).toEqual({ valid: false, reason: 'owner token no longer exists' });
  });

  it('reads the store, so a revoke made by another process counts at once', async () => {
    const { record, token } = await tokens.create({ name: 'retraining', roles: ['ml-engineer'], createdBy: 'test' });
    await tokens.authenticate(token, 'session:read'); // cached as valid here
    await new TokenService(store, createLogger({ level: 'silent' }), () => now).revoke(record.id, 'elsewhere');
    expect(await owners.standing(record.id)).toMatchObject({ valid: false });
  });
});

describe('revocation listeners', () => {
  it('hear each revoke before it answers', async () => {
    const heard: TokenRevoked[] = [];
    owners.onRevoked(async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      heard.push(event);
    });
    const { record } = await tokens.create({ name: 'retraining', roles: ['ml-engineer'], createdBy: 'test' });
    await tokens.revoke(record.id, 'tok_admin');
    expect(heard).toEqual([{ tokenId: record.id, revokedAt: '2025-03-01T10:00:00.000Z', revokedBy: 'tok_admin' }]);
  });

  it('a failing listener is logged; the revoke stands and the others still hear it', async () => {
    const heard: string[] = [];
    owners.onRevoked(() => {
      throw new Error('store unavailable');
    });
    owners.onRevoked((event) => {
      heard.push(event.tokenId);
    });
    const { record } = await tokens.create({ name: 'retraining', roles: ['ml-engineer'], createdBy: 'test' });
    await tokens.revoke(record.id, 'tok_admin');
    expect(heard).toEqual([record.id]);
    expect(await owners.standing(record.id)).toMatchObject({ valid: false });
    expect(logs.text).toContain('a revocation listener failed');
  });
});
