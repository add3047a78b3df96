/**
 * Page tokens: opaque to clients, they say where the next page starts (phase and offset of the
 * search plan) and carry a fingerprint of the search, so a token is refused with another search.
 */
import { createHash } from 'node:crypto';
import { BadRequestError } from '../../platform/errors';

export interface PagePosition {
  phase: number;
  offset: number;
}

export function searchFingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

export function encodePageToken(position: PagePosition, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ p: position.phase, o: position.offset, q: fingerprint })).toString('base64url');
}

export function decodePageToken(token: string | undefined, fingerprint: string): PagePosition {
  if (token === undefined) return { phase: 0, offset: 0 };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid('it is not one this server gave');
  }
  const { p, o, q } = (decoded ?? {}) as Record<string, unknown>;
  if (!isCount(p) || !isCount(o)) throw invalid('it is not one this server gave');
  if (q !== fingerprint)
    throw invalid('it belongs to another search (send the same filter, orderBy and experimentIds as for the first page)');
  return { phase: p, offset: o };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function invalid(why: string): BadRequestError {
  return new BadRequestError(`invalid pageToken: ${why}`, undefined, 'invalid_page_token');
}
