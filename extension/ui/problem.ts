import type { TranslationBundle } from '@jupyterlab/translation';
import { MlportalApiError, MlportalConfigError, MlportalConnectionError } from '@mlportal/sdk/core';
import { untranslated } from './untranslated';

/** A failed request as the sidebar shows it. */
export interface IProblem {
  /** A sentence a user can act on. */
  message: string;
  /** HTTP status when the backend answered; null when it did not (or was never asked). */
  status: number | null;
  /** Quoted for support. */
  requestId: string | null;
}

/**
 * Words a rejected call (the SDK's typed errors) for the sidebar; `what` names what was being done,
 * already translated ("Searching the feature catalog"). The backend's 401/403 messages already name
 * the permission needed and the roles that hold it.
 */
export function describeProblem(error: unknown, what: string, trans: TranslationBundle = untranslated): IProblem {
  if (error instanceof MlportalApiError) {
    const said = asSentence(error.backendMessage);
    const requestId = error.requestId;
    switch (error.status) {
      case 401:
        return {
          message: trans.__(
            '%1 failed: the backend refused the token (401). %2 Set a valid token under Settings → ML Portal → token.',
            what,
            said
          ),
          status: 401,
          requestId
        };
      case 403:
        return { message: trans.__('%1 is not allowed for this token (403). %2', what, said), status: 403, requestId };
      case 404:
        return { message: trans.__('%1 failed: not found (404). %2', what, said), status: 404, requestId };
      default:
        return { message: trans.__('%1 failed: %2 %3. %4', what, error.status, error.code, said), status: error.status, requestId };
    }
  }
  if (error instanceof MlportalConfigError || error instanceof MlportalConnectionError) {
    return { message: trans.__('%1 failed. %2', what, asSentence(error.message)), status: null, requestId: null };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { message: trans.__('%1 failed: %2', what, asSentence(detail)), status: null, requestId: null };
}

/** Whether the backend refused for lack of a permission (as opposed to failing). */
export function isForbidden(problem: IProblem | null): boolean {
  return problem?.status === 403;
}

/** A message (the backend's, the SDK's) as a sentence, so more can follow it: a full stop unless it ends in one. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
