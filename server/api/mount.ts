/**
 * Turns declared routes into Express handlers: authenticate → authorise → validate → handler →
 * respond. Errors go to the one error middleware (errors.ts), so nothing here builds an error answer.
 */
import { Router, type Request } from 'express';
import { authenticateRequest, authorize } from '../auth/authenticate';
import { AppError } from '../platform/errors';
import type { AuthenticatedContext, PublicContext, Route } from './route';
import { requestState } from './request-state';
import type { Services } from './services';

export function routerFor(routes: readonly Route[], services: Services): Router {
  const router = Router();
  for (const route of routes) {
    router[route.method](route.path, async (req, res) => {
      const state = requestState(res);
      state.route = route.path;
      let context: PublicContext | AuthenticatedContext = { requestId: state.requestId, services, logger: state.logger };
      if (route.access !== 'public') {
        const principal = await authenticateRequest(req.get('Authorization'), route.access, services.tokens);
        state.tokenId = principal.tokenId;
        authorize(principal, route.access);
        context = { ...context, principal };
      }
      if (route.body) requireJsonBody(req);
      const outcome = await route.run({ params: req.params, query: req.query, body: req.body }, context);
      if (outcome.body === undefined) res.status(outcome.status).end();
      else res.status(outcome.status).json(outcome.body);
    });
  }
  for (const [path, methods] of methodsByPath(routes)) {
    const allow = methods.map((m) => m.toUpperCase()).join(', ');
    router.all(path, (req, res, next) => {
      requestState(res).route = path;
      res.setHeader('Allow', allow);
      next(new AppError(405, 'method_not_allowed', `${req.method} is not allowed on ${path}; use ${allow}`));
    });
  }
  return router;
}

/**
 * express.json leaves req.body undefined for content that is not JSON; say so plainly rather
 * than let validation report the body as "missing". An empty body stays a validation matter.
 */
function requireJsonBody(req: Request): void {
  const hasContent = Number(req.get('Content-Length') ?? '0') > 0 || req.get('Transfer-Encoding') !== undefined;
  if (req.body === undefined && hasContent) {
    throw new AppError(415, 'unsupported_media_type', `send the body as JSON with Content-Type: application/json (got ${req.get('Content-Type') ?? 'no Content-Type'})`);
  }
}

function methodsByPath(routes: readonly Route[]): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const route of routes) byPath.set(route.path, [...(byPath.get(route.path) ?? []), route.method]);
  return byPath;
}
