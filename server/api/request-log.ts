import type { RequestHandler } from 'express';
import { requestState } from './request-state';

/** One line per request, written when the answer is finished (or the client went away). */
export function requestLog(): RequestHandler {
  return (req, res, next) => {
    const state = requestState(res);
    let logged = false;
    const log = (aborted: boolean) => {
      if (logged) return;
      logged = true;
      const ms = Number(process.hrtime.bigint() - state.startedAt) / 1e6;
      const line = {
        method: req.method,
        route: state.route ?? null,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        tokenId: state.tokenId ?? null,
        ...(aborted ? { aborted: true } : {})
      };
      const level = res.statusCode >= 500 ? 'error' : 'info';
      state.logger[level](line, aborted ? 'request aborted' : 'request');
    };
    res.on('finish', () => log(false));
    res.on('close', () => log(!res.writableFinished));
    next();
  };
}
