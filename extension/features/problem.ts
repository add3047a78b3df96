import { MlportalApiError, MlportalConfigError, MlportalConnectionError } from '@mlportal/sdk/core';

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
 * Words a rejected feature-store call (the SDK's typed errors) for the sidebar; `what` names what
 * was being done ("Searching the feature catalog"). The backend's 401/403 messages already name
 * the permission needed and the roles that hold it.
 */
export function describeProblem(error: unknown, what: string): IProblem {
  if (error instanceof MlportalApiError) {
    const said = sentence(error.backendMessage);
    const requestId = error.requestId;
    switch (error.status) {
      case 401:
        return { message: `${what} failed: the backend refused the token (401). ${said} Set a valid token under Settings → ML Portal → token.`, status: 401, requestId };
      case 403:
        return { message: `${what} is not allowed for this token (403). ${said}`, status: 403, requestId };
      case 404:
        return { message: `${what} failed: not found (404). ${said}`, status: 404, requestId };
      default:
        return { message: `${what} failed: ${error.status} ${error.code}. ${said}`, status: error.status, requestId };
    }
  }
  if (error instanceof MlportalConfigError || error instanceof MlportalConnectionError) {
    return { message: `${what} failed. ${sentence(error.message)}`, status: null, requestId: null };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { message: `${what} failed: ${sentence(detail)}`, status: null, requestId: null };
}

/** Whether the backend refused for lack of a permission (as opposed to failing). */
export function isForbidden(problem: IProblem | null): boolean {
  return problem?.status === 403;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * Why a group's rows are not shown: the token lacks the row permission (known from whoami before
 * asking, or from the backend's 403). The catalog and statistics stay visible either way.
 */
export function rowsNotVisible(roles: readonly string[] | null, refusal?: IProblem): IProblem {
  const who = roles && roles.length > 0 ? `the ${roles.join(', ')} role${roles.length === 1 ? '' : 's'}` : 'this token';
  const detail = refusal ? ` ${refusal.message}` : '';
  return {
    message: `Rows are not visible to ${who}: the catalog and statistics are.${detail}`,
    status: 403,
    requestId: refusal?.requestId ?? null
  };
}
