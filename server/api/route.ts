/**
 * A route is declared once: method, path, the permission it needs, zod schemas for what it takes
 * and returns, and the handler. From that one declaration come the Express handler with its
 * validation (mount.ts) and the route's OpenAPI entry (openapi.ts), so they cannot drift apart.
 */
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { Permission } from '@mlportal/contract';
import type { Principal } from '../platform/principal';
import type { BodyLimit } from './announced-size';
import type { Logger } from '../platform/logging';
import { parsePart } from './validation';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Access = Permission | 'public';

/** params and query schemas describe flat objects of strings from the URL (use z.coerce for numbers). */
type ObjectSchema = z.ZodObject;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/**
 * The app's services as route handlers see them. Empty here, so that the kit imports no domain: the
 * composition (server/composition/services.ts) fills it in by module augmentation, which keeps
 * handlers fully typed.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RouteServices {}

export interface PublicContext {
  requestId: string;
  services: RouteServices;
  /** Carries the request id on every line. */
  logger: Logger;
}

export interface AuthenticatedContext extends PublicContext {
  /** The acting user: handlers pass it (or its name, where a service only records who acted) to the services. */
  principal: Principal;
}

/** How the kit learns who calls; auth/ provides it at composition. */
export interface AccessControl {
  /** The caller of a request with this Authorization header; 401 when that cannot be told. */
  authenticate(authorization: string | undefined, permission: Permission): Promise<Principal>;
  /** 403 unless the principal holds the permission. */
  authorize(principal: Principal, permission: Permission): void;
}

export type ContextFor<A extends Access> = A extends 'public' ? PublicContext : AuthenticatedContext;

export interface HandlerRequest<P, Q, B, A extends Access> {
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  /** The raw body of a route that declares `upload`; undefined on every other route. */
  upload: Upload | undefined;
  context: ContextFor<A>;
}

/** A body taken as a stream of bytes (a file), never parsed or buffered whole by the app. */
export interface Upload {
  stream: Readable;
  /** The Content-Type header, lower-cased and without parameters. */
  contentType: string | undefined;
}

/** A route whose body is a file in one of `mediaTypes` rather than JSON (e.g. a CSV upload). */
export interface UploadSpec {
  mediaTypes: string[];
  description: string;
  /** The setting that bounds the body (default maxUploadBytes): a body announced larger is refused before it is read. */
  limit?: BodyLimit;
}

/** An answer with another status than the route's usual one; the status must be declared in otherResponses. */
export class Reply<T = unknown> {
  constructor(
    readonly status: number,
    readonly body: T
  ) {}
}

export interface ResponseSpec<R extends z.ZodType | undefined> {
  status: number;
  /** Absent for 204 No Content, whose handler returns nothing, and for file answers (mediaTypes). */
  schema?: R;
  /** A file answer in one of these media types: the handler returns a FileReply. */
  mediaTypes?: string[];
  /** Those of `mediaTypes` whose content has a structure to declare (a JSON file), by media type; the others are bytes. */
  mediaTypeSchemas?: Record<string, z.ZodType>;
  description: string;
  /** When the answer is checked against `schema` at run time; see ResponseCheck. */
  check?: ResponseCheck;
}

/**
 * 'always' (the default): every answer is parsed by its schema and what is sent is the parse's
 * output, so a field the schema does not list (a stored hash, say) is stripped, never leaked.
 *
 * 'in-tests': only in an app built with `checkAllResponses` (the test server's); elsewhere the
 * answer goes out as the handler built it. For hot, large answers whose check costs a good part
 * of making them: parsing the online lookup's 100 × 50 values takes ~0.3 ms (p50; over 1 ms at
 * p99, with the garbage it leaves), half as long as reading them from SQLite. Only for a handler
 * that builds its answer field by field from typed values, never by spreading a stored document:
 * TypeScript then already holds it to the schema's input type and there is nothing to strip;
 * what the compiler cannot see (integers, formats, bounds) is what the tests' checks are for.
 * When checked, a mismatch fails the request as under 'always', and the answer still goes out as
 * built, so tests get the same bytes production sends. The OpenAPI entry comes from the same
 * schema either way.
 *
 * Not "check one answer in N": a fault that shows on a random share of requests in production is
 * worse than one that shows in every test, and stripping cannot be done by sample.
 */
export type ResponseCheck = 'always' | 'in-tests';

/** How the app runs routes; the test server checks every answer (see ResponseCheck). */
export interface RunOptions {
  checkAllResponses?: boolean;
}

/**
 * A file answer (a download): streamed to the client as it is read. The route's response declares
 * `mediaTypes` instead of a schema.
 */
export class FileReply {
  constructor(
    readonly stream: Readable,
    readonly contentType: string,
    readonly options: { fileName?: string; bytes?: number } = {}
  ) {}
}

/** Another answer a route may give (with Reply), e.g. health's 503. */
export interface AlternateResponse {
  status: number;
  schema: z.ZodType;
  description: string;
}

export interface RouteSpec<P, Q, B, R extends z.ZodType | undefined, A extends Access> {
  method: HttpMethod;
  /** Express syntax, e.g. /api/v1/auth/tokens/:id; each :name must be a key of `params`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  access: A;
  params?: P;
  query?: Q;
  /** Declare with z.strictObject: unknown fields are refused (a test checks every route). */
  body?: B;
  /** Instead of a JSON body: the body is a file, handed to the handler as a stream. */
  upload?: UploadSpec;
  response: ResponseSpec<R>;
  otherResponses?: AlternateResponse[];
  /** Error statuses this route can answer beyond those every route can (400, 500, and 401/403 when not public). */
  errors?: number[];
  handler(request: HandlerRequest<P, Q, B, A>): Promise<(R extends z.ZodType ? z.input<R> : void) | Reply | FileReply>;
}

export interface Outcome {
  status: number;
  /** Absent for answers without content. */
  body?: unknown;
  /** A file answer, streamed. */
  file?: FileReply;
}

export interface RawRequest {
  params: unknown;
  query: unknown;
  body: unknown;
  upload?: Upload;
}

/** A declared route with its types erased, as the app and the OpenAPI builder see it. */
export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly access: Access;
  readonly params?: ObjectSchema;
  readonly query?: ObjectSchema;
  readonly body?: z.ZodType;
  readonly upload?: UploadSpec;
  readonly response: ResponseSpec<z.ZodType | undefined>;
  readonly otherResponses: AlternateResponse[];
  readonly errors: number[];
  run(request: RawRequest, context: PublicContext | AuthenticatedContext, options?: RunOptions): Promise<Outcome>;
}

export function defineRoute<
  A extends Access,
  R extends z.ZodType | undefined = undefined,
  P extends ObjectSchema | undefined = undefined,
  Q extends ObjectSchema | undefined = undefined,
  B extends z.ZodType | undefined = undefined
>(spec: RouteSpec<P, Q, B, R, A>): Route {
  checkPathParams(spec.path, spec.params as ObjectSchema | undefined, spec.operationId);
  if (spec.response.schema === undefined && spec.response.status !== 204 && !spec.response.mediaTypes) {
    throw new Error(`route ${spec.operationId}: a response without a schema must be 204 No Content or a file (mediaTypes)`);
  }
  if (spec.body && spec.upload) throw new Error(`route ${spec.operationId}: a route takes a JSON body or an upload, not both`);
  const otherResponses = spec.otherResponses ?? [];

  return {
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    description: spec.description,
    tag: spec.tag,
    access: spec.access,
    params: spec.params as ObjectSchema | undefined,
    query: spec.query as ObjectSchema | undefined,
    body: spec.body as z.ZodType | undefined,
    upload: spec.upload,
    response: spec.response,
    otherResponses,
    errors: spec.errors ?? [],
    async run(request, context, options = {}) {
      const input = {
        params: (spec.params ? parsePart(spec.params as ObjectSchema, 'params', request.params) : undefined) as Parsed<P>,
        query: (spec.query ? parsePart(spec.query as ObjectSchema, 'query', request.query) : undefined) as Parsed<Q>,
        body: (spec.body ? parsePart(spec.body as z.ZodType, 'body', request.body) : undefined) as Parsed<B>,
        upload: spec.upload ? request.upload : undefined,
        context: context as ContextFor<A>
      };
      const result: unknown = await spec.handler(input);
      if (result instanceof FileReply) {
        if (!spec.response.mediaTypes) throw new Error(`route ${spec.operationId} answered a file but declares no response mediaTypes`);
        return { status: spec.response.status, file: result };
      }
      if (result instanceof Reply) {
        const declared = otherResponses.find((r) => r.status === result.status);
        if (!declared) throw new Error(`route ${spec.operationId} replied ${result.status}, which it does not declare`);
        return { status: result.status, body: checkResponse(spec.operationId, declared.schema, result.body) };
      }
      const schema = spec.response.schema;
      if (!schema) return { status: spec.response.status };
      if ((spec.response.check ?? 'always') === 'always')
        return { status: spec.response.status, body: checkResponse(spec.operationId, schema, result) };
      if (options.checkAllResponses) checkResponse(spec.operationId, schema, result);
      return { status: spec.response.status, body: result };
    }
  };
}

/**
 * Responses pass through their schema too: what leaves the server is what the OpenAPI document
 * promises, and fields a schema does not list (a stored hash, say) are stripped, not leaked.
 */
function checkResponse(operationId: string, schema: z.ZodType, body: unknown): unknown {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new Error(`route ${operationId} produced a response that does not match its schema: ${problems}`);
}

function checkPathParams(path: string, params: ObjectSchema | undefined, operationId: string): void {
  const inPath = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]).sort();
  const declared = Object.keys(params?.shape ?? {}).sort();
  if (inPath.join(',') !== declared.join(',')) {
    throw new Error(
      `route ${operationId}: path ${path} has parameters [${inPath.join(', ')}] but params declares [${declared.join(', ')}]`
    );
  }
}
