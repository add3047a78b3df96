import { MlportalApiError, MlportalConfigError, MlportalConnectionError } from '@mlportal/sdk/core';
import type { ConnectionStatus } from '../tokens';

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
export function describeFailure(error: unknown, backendUrl: string): IFailure {
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
        message: `The backend at ${backendUrl} refused the token (401 ${error.code}): ${asSentence(error.backendMessage)} Set a valid token under Settings → ML Portal → token.`,
        requestId: error.requestId
      };
    }
    if (error.status === 403) {
      return {
        status: 'unauthorized',
        message: `The backend at ${backendUrl} accepted the token but refused the request (403 ${error.code}): ${asSentence(error.backendMessage)}`,
        requestId: error.requestId
      };
    }
    return {
      status: 'disconnected',
      message: `The backend at ${backendUrl} answered ${error.status} ${error.code}: ${asSentence(error.backendMessage)}`,
      requestId: error.requestId
    };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    status: 'disconnected',
    message: `Checking the backend at ${backendUrl} failed: ${detail}`,
    requestId: null
  };
}

/** The backend's message ends without a full stop; the panel adds advice after it. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
