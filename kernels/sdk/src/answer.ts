/**
 * Every answer the SDK uses is checked against the contract's schema for it, so a backend of
 * another version fails here with an error naming the field, not as `undefined` deep in a notebook.
 */
import type { z } from 'zod';
import { MlportalApiError } from './errors';

export interface AnsweredRequest {
  method: string;
  url: string;
}

/** Where the first problem is, as "runs[3].metrics" (or "the answer" for the top level). */
function placeOf(path: readonly PropertyKey[]): string {
  let place = '';
  for (const part of path) place += typeof part === 'number' ? `[${part}]` : `${place ? '.' : ''}${String(part)}`;
  return place || 'the answer';
}

/** The body as the schema reads it, or an invalid_response error naming the request and the field. */
export function checked<S extends z.ZodType>(body: unknown, schema: S, request: AnsweredRequest): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new MlportalApiError({
    status: 200,
    code: 'invalid_response',
    backendMessage: `unexpected answer (${placeOf(issue?.path ?? [])}: ${issue?.message ?? 'does not fit'}): is this an mlportal backend of a matching version?`,
    requestId: null,
    method: request.method,
    url: request.url
  });
}
