import type { TranslationBundle } from '@jupyterlab/translation';
import { MlportalApiError, MlportalConfigError, MlportalConnectionError } from '@mlportal/sdk/core';
import type { ConnectionStatus } from '../tokens';
import { asSentence } from '../ui/problem';
import { untranslated } from '../ui/untranslated';

/** What the panel shows for a failed check. */
export interface IFailure {
  status: Exclude<ConnectionStatus, 'connected'>;
  message: string;
  requestId: string | null;
}

/**
 * Turns a rejected health/whoami call (one of the SDK's errors) into the panel's status and a
 * message a user can act on.
 */
export function describeFailure(error: unknown, backendUrl: string, trans: TranslationBundle = untranslated): IFailure {
  // An unusable backend URL or no token: the client's message already names the setting to fix.
  if (error instanceof MlportalConfigError) {
    return { status: 'unconfigured', message: error.message, requestId: null };
  }
  if (error instanceof MlportalConnectionError) {
    return { status: 'disconnected', message: error.message, requestId: null };
  }
  if (error instanceof MlportalApiError) {
    if (error.status === 401) {
      return {
        status: 'unauthorized',
        message: trans.__(
          'The backend at %1 refused the token (401 %2): %3 Set a valid token under Settings → ML Portal → token.',
          backendUrl,
          error.code,
          asSentence(error.backendMessage)
        ),
        requestId: error.requestId
      };
    }
    if (error.status === 403) {
      return {
        status: 'unauthorized',
        message: trans.__(
          'The backend at %1 accepted the token but refused the request (403 %2): %3',
          backendUrl,
          error.code,
          asSentence(error.backendMessage)
        ),
        requestId: error.requestId
      };
    }
    return {
      status: 'disconnected',
      message: trans.__('The backend at %1 answered %2 %3: %4', backendUrl, error.status, error.code, asSentence(error.backendMessage)),
      requestId: error.requestId
    };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    status: 'disconnected',
    message: trans.__('Checking the backend at %1 failed: %2', backendUrl, detail),
    requestId: null
  };
}
