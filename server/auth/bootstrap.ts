/**
 * Makes sure somebody can administer a fresh install. With MLPORTAL_ADMIN_TOKEN set, that value is
 * an admin token; otherwise, on the first start only, an admin token is generated and written to
 * <dataDir>/admin-token (mode 0600). The token value itself is never logged.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../platform/logging';
import { generateToken } from './token-format';
import type { TokenService } from './token-service';

export const ADMIN_TOKEN_FILE = 'admin-token';

export class AdminBootstrapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminBootstrapError';
  }
}

export type BootstrapOutcome =
  | { kind: 'env-token-registered'; tokenId: string }
  | { kind: 'env-token-present'; tokenId: string }
  | { kind: 'admin-present' }
  | { kind: 'generated'; tokenId: string; file: string };

export interface BootstrapOptions {
  /** Prepared (TokenService.prepare). */
  tokens: TokenService;
  dataDir: string;
  /** MLPORTAL_ADMIN_TOKEN, already checked for format by the config. */
  adminToken?: string;
  logger: Logger;
}

export async function bootstrapAdminToken(options: BootstrapOptions): Promise<BootstrapOutcome> {
  const { tokens, dataDir, adminToken, logger } = options;
  if (adminToken) return ensureGivenAdminToken(tokens, adminToken, logger);

  if ((await tokens.countActiveAdmins()) > 0) return { kind: 'admin-present' };

  const token = generateToken();
  const file = path.join(dataDir, ADMIN_TOKEN_FILE);
  // The file is written before the token is stored: should storing fail, the next start simply
  // makes a new one, whereas a stored admin token nobody can read would lock everyone out.
  await writePrivateFile(file, `${token}\n`);
  const record = await tokens.register(token, { name: 'admin (generated on first start)', roles: ['admin'], createdBy: 'bootstrap' });
  logger.info({ tokenId: record.id, file }, `generated an admin token; it is in ${file} (readable only by this user)`);
  return { kind: 'generated', tokenId: record.id, file };
}

async function ensureGivenAdminToken(tokens: TokenService, token: string, logger: Logger): Promise<BootstrapOutcome> {
  const existing = await tokens.findByToken(token);
  if (!existing) {
    const record = await tokens.register(token, { name: 'admin (MLPORTAL_ADMIN_TOKEN)', roles: ['admin'], createdBy: 'bootstrap' });
    logger.info({ tokenId: record.id }, 'registered MLPORTAL_ADMIN_TOKEN as an admin token');
    return { kind: 'env-token-registered', tokenId: record.id };
  }
  if (existing.revokedAt) {
    throw new AdminBootstrapError(
      `MLPORTAL_ADMIN_TOKEN names token ${existing.id}, which was revoked at ${existing.revokedAt}; a revoked token stays revoked: set MLPORTAL_ADMIN_TOKEN to a new value`
    );
  }
  if (!existing.roles.includes('admin')) {
    throw new AdminBootstrapError(
      `MLPORTAL_ADMIN_TOKEN names token ${existing.id}, which has the roles ${existing.roles.join(', ')} but not admin; set MLPORTAL_ADMIN_TOKEN to a new value`
    );
  }
  return { kind: 'env-token-present', tokenId: existing.id };
}

/**
 * Writes `content` to `file` so that it is never readable by others, not even for a moment: a
 * sibling temp file is created with mode 0600 (O_EXCL, so nothing pre-planted is reused), then
 * renamed over the target, which also replaces a stale file whatever its old mode.
 */
async function writePrivateFile(file: string, content: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}
