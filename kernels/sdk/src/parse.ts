/**
 * The answers the client itself reads, read with the contract's schemas: each returns null when
 * the body does not fit, so that a backend of another version (or a proxy in front of it) surfaces
 * as a clear error instead of `undefined` somewhere later in the notebook.
 */
import { ErrorBodySchema, HealthSchema, WhoAmISchema } from '@mlportal/contract';
import type { ErrorBody, Health, WhoAmI } from './types';

export function asHealth(body: unknown): Health | null {
  const result = HealthSchema.safeParse(body);
  return result.success ? result.data : null;
}

export function asWhoAmI(body: unknown): WhoAmI | null {
  const result = WhoAmISchema.safeParse(body);
  return result.success ? result.data : null;
}

/** The `error` of the shared error shape, or null for any other body (a proxy's page, say). */
export function asErrorBody(body: unknown): ErrorBody['error'] | null {
  const result = ErrorBodySchema.safeParse(body);
  return result.success ? result.data.error : null;
}
