/**
 * Errors under /v2 (and KServe v1's predict path) in the protocol's own form, {"error": "<message>"},
 * with the status of our AppError: v2 clients (tritonclient) read exactly that field.
 */
import type { ErrorRequestHandler } from 'express';
import { toAppError } from '../../api/errors';
import { requestState } from '../../api/request-state';

export function protocolErrors(): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const state = requestState(res);
    const known = toAppError(err);
    if (known?.code === 'payload_too_large') {
      // Prediction bodies have their own limit; name it, not the API's general one.
      res.status(413).json({
        error: `the request body is larger than the limit of ${(known.details as { limit?: number } | undefined)?.limit} bytes (MLPORTAL_MAX_PREDICT_BYTES)`
      });
      return;
    }
    if (known) {
      if (known.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(known.status).json({ error: known.message });
      return;
    }
    state.logger.error({ err }, 'unhandled error in the inference protocol');
    res.status(500).json({ error: `internal error; the server log has the details under request id ${state.requestId}` });
  };
}
