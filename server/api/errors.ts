/**
 * The one place errors become answers, all in the shape of error-body.ts. AppErrors carry their
 * own status and code; body-parser's errors are translated; anything else is a 500 whose details
 * stay in the log (under the request id the caller is given), never in the answer.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, BadRequestError, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../platform/errors';
import { errorBody } from '@mlportal/contract';
import { requestState } from './request-state';

/** Errors thrown by body-parser (express.json) carry a `type` saying what went wrong. */
interface BodyParserError {
  type: string;
  status?: number;
  message: string;
  limit?: number;
}

function isBodyParserError(err: unknown): err is BodyParserError {
  return typeof err === 'object' && err !== null && typeof (err as { type?: unknown }).type === 'string' && 'status' in err;
}

/** A path segment that is not valid percent-encoded UTF-8 (e.g. /api/v1/models/%ff%fe): the router could not decode it. */
export class BadPathEncodingError extends BadRequestError {
  constructor(detail: string) {
    super(`the request path holds bad percent-encoding (${detail}); encode path segments as UTF-8`, undefined, 'invalid_path_encoding');
  }
}

/** Express's router throws a URIError marked status 400 when a path parameter does not decode. */
function isPathDecodeError(err: unknown): err is URIError {
  return err instanceof URIError && (err as { status?: unknown }).status === 400;
}

export function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (isPathDecodeError(err)) return new BadPathEncodingError(err.message);
  if (!isBodyParserError(err)) return undefined;
  switch (err.type) {
    case 'entity.parse.failed':
      return new BadRequestError(`the request body is not valid JSON: ${err.message}`, undefined, 'invalid_json');
    case 'entity.too.large':
      return new PayloadTooLargeError(`the request body is larger than the limit of ${err.limit} bytes (MLPORTAL_MAX_BODY_BYTES)`, {
        limit: err.limit
      });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError(`${err.message}; send UTF-8 JSON`);
    case 'request.aborted':
      return new BadRequestError('the client aborted the request before its body arrived', undefined, 'request_aborted');
    case 'request.size.invalid':
      return new BadRequestError('the request body length does not match its Content-Length', undefined, 'invalid_body_length');
    default:
      return undefined;
  }
}

export function errorHandler(): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const state = requestState(res);
    const known = toAppError(err);
    if (known) {
      if (known.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(known.status).json(errorBody(known.code, known.message, state.requestId, known.details));
      return;
    }
    state.logger.error({ err }, 'unhandled error');
    res
      .status(500)
      .json(
        errorBody('internal_error', `internal error; the server log has the details under request id ${state.requestId}`, state.requestId)
      );
  };
}

export function unknownRoute(): RequestHandler {
  return (req, _res, next) => next(new NotFoundError(`no such endpoint: ${req.method} ${req.path}`));
}
