/**
 * CORS for exactly the origins in MLPORTAL_CORS_ORIGINS (never a wildcard): those origins get the
 * headers a browser needs to call the API with a bearer token; any other origin gets none, so the
 * browser keeps the answer from the page.
 */
import type { RequestHandler } from 'express';
import { ForbiddenActionError } from '../platform/errors';
import { REQUEST_ID_HEADER } from './request-id';

const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const ALLOWED_HEADERS = `Authorization, Content-Type, ${REQUEST_ID_HEADER}`;
const PREFLIGHT_CACHE_SECONDS = '600';

export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.get('Origin');
    // Caches must not reuse one origin's answer for another.
    res.append('Vary', 'Origin');
    const isPreflight = req.method === 'OPTIONS' && req.get('Access-Control-Request-Method') !== undefined;
    if (!origin || !allowed.has(origin)) {
      if (isPreflight && origin) {
        next(
          new ForbiddenActionError(
            `origin ${origin} may not call this API; add it to MLPORTAL_CORS_ORIGINS to allow it`,
            'origin_not_allowed'
          )
        );
        return;
      }
      next();
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', REQUEST_ID_HEADER);
    if (isPreflight) {
      res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', PREFLIGHT_CACHE_SECONDS);
      res.status(204).end();
      return;
    }
    next();
  };
}
