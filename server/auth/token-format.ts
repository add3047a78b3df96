/**
 * What an API token looks like and how it is kept. A token is `mlp_` followed by 32 random bytes
 * in base64url (43 characters); the prefix makes a leaked token easy to recognise in scanners.
 * Only the SHA-256 of a token is ever stored: 256 random bits need no slow hash, and a stolen
 * database then holds nothing that authenticates.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'mlp_';
const TOKEN_PATTERN = /^mlp_[A-Za-z0-9_-]{43}$/;

export const TOKEN_FORMAT_HINT =
  "mlp_ followed by 43 base64url characters (32 random bytes), e.g. from: node -e \"console.log('mlp_' + require('crypto').randomBytes(32).toString('base64url'))\"";

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function isWellFormedToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Token ids name a token in URLs and logs; they grant nothing. */
export function generateTokenId(): string {
  return 'tok_' + randomBytes(9).toString('base64url');
}
