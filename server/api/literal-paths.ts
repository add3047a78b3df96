/**
 * A fixed path beside a parameterised one (/api/v1/runs/search beside /api/v1/runs/:runId): a
 * request on the fixed path with a method it does not take must not fall through to the other
 * route as if "search" were a run id; it answers 405 with the fixed path's Allow. It falls through
 * only when the other route would take the segment as a valid parameter (a model may be named
 * "artifacts": GET /api/v1/models/artifacts is that model). Decided once, when routes are mounted.
 */
import type { RequestHandler } from 'express';
import { AppError } from '../platform/errors';
import { requestState } from './request-state';
import type { HttpMethod, Route } from './route';

export class MethodNotAllowedError extends AppError {
  constructor(method: string, path: string, allow: string) {
    super(405, 'method_not_allowed', `${method} is not allowed on ${path}; use ${allow}`);
  }
}

/** Allow header value for a path's declared methods. */
export function allowHeader(methods: readonly HttpMethod[]): string {
  return methods.map((m) => m.toUpperCase()).join(', ');
}

/** For each fixed path that some parameterised route also matches: the guard that answers 405 in its place. */
export function literalPathGuards(routes: readonly Route[]): Array<[string, RequestHandler]> {
  const guards: Array<[string, RequestHandler]> = [];
  for (const path of new Set(routes.filter((r) => !r.path.includes(':')).map((r) => r.path))) {
    const own = routes.filter((r) => r.path === path).map((r) => r.method);
    const matching = routes.filter((r) => r.path !== path && parametersIn(r, path) !== undefined);
    if (matching.length === 0) continue;
    const through = new Set(
      matching.filter((r) => r.params === undefined || r.params.safeParse(parametersIn(r, path)).success).map((r) => r.method)
    );
    const allow = allowHeader(own);
    guards.push([
      path,
      (req, res, next) => {
        const method = (req.method === 'HEAD' ? 'get' : req.method.toLowerCase()) as HttpMethod;
        if (own.includes(method) || through.has(method) || !routes.some((r) => r.method === method)) return next();
        requestState(res).route = path;
        res.setHeader('Allow', allow);
        next(new MethodNotAllowedError(req.method, path, allow));
      }
    ]);
  }
  return guards;
}

/** The parameters `route`'s path pattern reads from the fixed `path`, or undefined when it does not match it. */
function parametersIn(route: Route, path: string): Record<string, string> | undefined {
  const pattern = route.path.split('/');
  const segments = path.split('/');
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of pattern.entries()) {
    if (part.startsWith(':')) params[part.slice(1)] = segments[i];
    else if (part !== segments[i]) return undefined;
  }
  return params;
}
