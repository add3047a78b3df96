import type { IErrorBody, IHealthResponse, IWhoAmIResponse } from '../tokens';

/**
 * Shape checks for the bodies the panel relies on. A backend of another version, or something
 * else answering on that port, should surface as a clear message rather than as `undefined`s.
 * Each returns null when the body does not fit, and the client turns that into an error.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(item => typeof item === 'string');
}

export function asHealth(body: unknown): IHealthResponse | null {
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

export function asWhoAmI(body: unknown): IWhoAmIResponse | null {
  if (
    isRecord(body) &&
    typeof body.tokenId === 'string' &&
    typeof body.name === 'string' &&
    isStringArray(body.roles) &&
    isStringArray(body.permissions)
  ) {
    return {
      tokenId: body.tokenId,
      name: body.name,
      roles: body.roles,
      permissions: body.permissions
    };
  }
  return null;
}

export function asErrorBody(body: unknown): IErrorBody['error'] | null {
  if (!isRecord(body) || !isRecord(body.error)) {
    return null;
  }
  const { code, message, requestId, details } = body.error;
  if (typeof code !== 'string' || typeof message !== 'string') {
    return null;
  }
  return { code, message, requestId: typeof requestId === 'string' ? requestId : '', details };
}
