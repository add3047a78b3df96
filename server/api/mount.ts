/**
 * Turns declared routes into Express handlers: authenticate → authorise → validate → handler →
 * respond. Errors go to the one error middleware (errors.ts), so nothing here builds an error answer.
 */
import { pipeline } from 'node:stream/promises';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Config } from '../config';
import { UnsupportedMediaTypeError } from '../platform/errors';
import { checkJsonDepth } from '../platform/json-depth';
import { refuseAnnouncedOversize, type BodyLimit } from './announced-size';
import { contentDisposition } from './content-disposition';
import { allowHeader, literalPathGuards, MethodNotAllowedError } from './literal-paths';
import type {
  AccessControl,
  AuthenticatedContext,
  FileReply,
  HttpMethod,
  PublicContext,
  Route,
  RouteServices,
  RunOptions,
  Upload
} from './route';
import { requestState } from './request-state';

export function routerFor(routes: readonly Route[], services: RouteServices, access: AccessControl, options: RunOptions = {}): Router {
  const router = Router();
  // First: a fixed path's 405 must not be taken by a parameterised route it also matches (literal-paths.ts).
  for (const [path, guard] of literalPathGuards(routes)) router.all(path, guard);
  for (const route of routes) {
    router[route.method](route.path, async (req, res) => {
      const state = requestState(res);
      state.route = route.path;
      let context: PublicContext | AuthenticatedContext = { requestId: state.requestId, services, logger: state.logger };
      if (route.access !== 'public') {
        const principal = await access.authenticate(req.get('Authorization'), route.access);
        state.tokenId = principal.tokenId;
        access.authorize(principal, route.access);
        context = { ...context, principal };
      }
      if (route.body) requireJsonBody(req);
      const upload = route.upload ? uploadOf(req) : undefined;
      const outcome = await route.run({ params: req.params, query: req.query, body: req.body, upload }, context, options);
      if (outcome.file) await sendFile(res, outcome.status, outcome.file);
      else if (outcome.body === undefined) res.status(outcome.status).end();
      else if (route.method === 'get') res.status(outcome.status).json(outcome.body);
      else sendJson(res, outcome.status, outcome.body);
    });
  }
  for (const [path, methods] of methodsByPath(routes)) {
    const allow = allowHeader(methods);
    router.all(path, (req, res, next) => {
      requestState(res).route = path;
      res.setHeader('Allow', allow);
      next(new MethodNotAllowedError(req.method, path, allow));
    });
  }
  return router;
}

/**
 * The JSON body parser for every route but uploads: an upload's body is the handler's to stream
 * (a file sent as application/json must not be read into memory first). Either way a body whose
 * Content-Length is over its limit is refused before it is read (announced-size.ts), and a parsed
 * JSON body is held to the nesting limit (platform/json-depth.ts).
 */
export function jsonBodyParser(routes: readonly Route[], limits: Pick<Config, BodyLimit>): RequestHandler {
  const parse = express.json({ limit: limits.maxBodyBytes });
  const refuseOversizeJson = refuseAnnouncedOversize(limits, 'maxBodyBytes');
  const marked = new WeakSet<Request>();
  const uploads = Router();
  for (const route of routes) {
    if (!route.upload) continue;
    uploads[route.method](route.path, refuseAnnouncedOversize(limits, route.upload.limit ?? 'maxUploadBytes'), (req, _res, next) => {
      marked.add(req);
      next();
    });
  }
  return (req, res, next) => {
    uploads(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (marked.has(req)) return next();
      refuseOversizeJson(req, res, (tooLarge?: unknown) => {
        if (tooLarge) return next(tooLarge);
        parse(req, res, (parseError?: unknown) => next(parseError ?? depthProblem(req.body)));
      });
    });
  };
}

function depthProblem(body: unknown): unknown {
  try {
    checkJsonDepth(body);
    return undefined;
  } catch (err) {
    return err;
  }
}

function uploadOf(req: Request): Upload {
  const contentType = req.get('Content-Type')?.split(';')[0].trim().toLowerCase() || undefined;
  return { stream: req, contentType };
}

/**
 * A JSON answer to anything but GET, without the ETag res.json adds: nobody revalidates the answer
 * to a POST, so copying it into a Buffer and hashing it (~0.1 ms for an online lookup's ~100 KB)
 * buys nothing. GET answers keep res.json and their ETag.
 */
function sendJson(res: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.status(status).setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** Streams a file answer; also used by routers outside the route declarations (the MLflow artifact endpoints). */
export async function sendFile(res: Response, status: number, file: FileReply): Promise<void> {
  res.status(status).setHeader('Content-Type', file.contentType);
  if (file.options.bytes !== undefined) res.setHeader('Content-Length', String(file.options.bytes));
  if (file.options.fileName) res.setHeader('Content-Disposition', contentDisposition(file.options.fileName));
  try {
    await pipeline(file.stream, res);
  } catch (err) {
    // The status line is gone: all that is left is to cut the connection, so the client sees a truncated download, not a whole one.
    requestState(res).logger.warn({ err }, 'a file answer failed while streaming');
    res.destroy();
  }
}

/**
 * express.json leaves req.body undefined for content that is not JSON; say so plainly rather
 * than let validation report the body as "missing". An empty body stays a validation matter.
 */
function requireJsonBody(req: Request): void {
  const hasContent = Number(req.get('Content-Length') ?? '0') > 0 || req.get('Transfer-Encoding') !== undefined;
  if (req.body === undefined && hasContent) {
    throw new UnsupportedMediaTypeError(
      `send the body as JSON with Content-Type: application/json (got ${req.get('Content-Type') ?? 'no Content-Type'})`
    );
  }
}

function methodsByPath(routes: readonly Route[]): Map<string, HttpMethod[]> {
  const byPath = new Map<string, HttpMethod[]>();
  for (const route of routes) byPath.set(route.path, [...(byPath.get(route.path) ?? []), route.method]);
  return byPath;
}
