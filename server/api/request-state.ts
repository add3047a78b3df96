import type { Response } from 'express';
import type { Logger } from '../platform/logging';

/** What the middleware learns about a request as it passes through, kept on res.locals in one typed place. */
export interface RequestState {
  requestId: string;
  /** The app logger with this request's id bound. */
  logger: Logger;
  startedAt: bigint;
  /** The declared route path (e.g. /api/v1/auth/tokens/:id), once a route matched. */
  route?: string;
  /** The authenticated token's id (never its value). */
  tokenId?: string;
}

const KEY = 'mlportal';

export function initRequestState(res: Response, state: RequestState): RequestState {
  res.locals[KEY] = state;
  return state;
}

export function requestState(res: Response): RequestState {
  const state = res.locals[KEY] as RequestState | undefined;
  if (!state) throw new Error('request state missing: the request-id middleware must run first');
  return state;
}
