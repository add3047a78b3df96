import type { ErrorBody, Health, WhoAmI } from './types';

/**
 * Shape checks for answers, so a backend of another version surfaces as a clear error instead of
 * `undefined` somewhere later in the notebook. Each returns null when the body does not fit.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(item => typeof item === 'string');
}

export function asHealth(body: unknown): Health | null {
  if (
    isRecord(body) &&
    body.status === 'ok' &&
    (body.store === 'sqlite' || body.store === 'mongodb') &&
    typeof body.version === 'string'
  ) {
    return { status: body.status, store: body.store, version: body.version };
  }
  return null;
}

export function asWhoAmI(body: unknown): WhoAmI | null {
  if (
    isRecord(body) &&
    typeof body.tokenId === 'string' &&
    typeof body.name === 'string' &&
    isStringArray(body.roles) &&
    isStringArray(body.permissions)
  ) {
    return { tokenId: body.tokenId, name: body.name, roles: body.roles, permissions: body.permissions };
  }
  return null;
}

export function asErrorBody(body: unknown): ErrorBody['error'] | null {
  if (!isRecord(body) || !isRecord(body.error)) {
    return null;
  }
  const { code, message, requestId, details } = body.error;
  if (typeof code !== 'string' || typeof message !== 'string') {
    return null;
  }
  return { code, message, requestId: typeof requestId === 'string' ? requestId : '', details };
}
