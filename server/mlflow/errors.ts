/**
 * MLflow's error answer: `{error_code, message}` with the HTTP status MLflow's client expects for
 * that code (mlflow/exceptions.py ERROR_CODE_TO_HTTP_STATUS). Our AppErrors are translated here,
 * once, so the MLflow endpoints throw the same errors as every other route.
 */
import { toAppError } from '../api/errors';
import { AppError } from '../platform/errors';

export type MlflowErrorCode =
  | 'INVALID_PARAMETER_VALUE'
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'RESOURCE_CONFLICT'
  | 'PERMISSION_DENIED'
  | 'UNAUTHENTICATED'
  | 'ENDPOINT_NOT_FOUND'
  | 'INTERNAL_ERROR';

export interface MlflowErrorAnswer {
  status: number;
  body: { error_code: MlflowErrorCode; message: string };
}

const STATUS_OF: Record<MlflowErrorCode, number> = {
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  // MLflow answers an existing name with 400, not 409; its client only reads the code.
  RESOURCE_ALREADY_EXISTS: 400,
  RESOURCE_CONFLICT: 409,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  ENDPOINT_NOT_FOUND: 404,
  INTERNAL_ERROR: 500
};

/** Thrown by the MLflow layer itself where MLflow has a code of its own (an unknown endpoint). */
export class MlflowError extends AppError {
  constructor(
    readonly mlflowCode: MlflowErrorCode,
    message: string
  ) {
    super(STATUS_OF[mlflowCode], mlflowCode.toLowerCase(), message);
  }
}

/** The MLflow code for one of our AppErrors, from its status and code. */
export function mlflowCodeOf(error: AppError): MlflowErrorCode {
  if (error instanceof MlflowError) return error.mlflowCode;
  switch (error.status) {
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'PERMISSION_DENIED';
    case 404:
      return 'RESOURCE_DOES_NOT_EXIST';
    case 409:
      return error.code === 'duplicate' || error.code === 'duplicate_key' ? 'RESOURCE_ALREADY_EXISTS' : 'RESOURCE_CONFLICT';
    default:
      // 400 bad input, 413 too large, 415 wrong media type, 422 refused content (a file that is not ONNX): all the caller's to fix.
      return error.status >= 400 && error.status < 500 ? 'INVALID_PARAMETER_VALUE' : 'INTERNAL_ERROR';
  }
}

/**
 * The answer for anything thrown; undefined for an error that is not ours to describe (the caller
 * logs it and answers INTERNAL_ERROR with the request id, never the details).
 */
export function mlflowErrorAnswer(err: unknown): MlflowErrorAnswer | undefined {
  const known = toAppError(err);
  if (!known) return undefined;
  const code = mlflowCodeOf(known);
  // 413 keeps its status, so a proxy or a human reading the status line sees why.
  const status = known.status === 413 ? 413 : STATUS_OF[code];
  return { status, body: { error_code: code, message: known.message } };
}
