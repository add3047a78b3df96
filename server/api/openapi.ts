/**
 * The OpenAPI 3.1 document, built from the declared routes (route.ts) and nothing else;
 * schema/openapi.json is this document for the app's routes as written by
 * composition/openapi-cli.ts, and a test keeps it fresh.
 */
import type { z } from 'zod';
import { ErrorBodySchema, rolesWith } from '@mlportal/contract';
import { serverVersion } from '../platform/version';
import { ComponentSchemas, type JsonSchema } from './json-schema';
import { LIMIT_SETTINGS } from './announced-size';
import type { Route } from './route';

export type OpenApiDocument = Record<string, unknown>;

export const PERMISSION_EXTENSION = 'x-mlportal-permission';
export const ROLES_EXTENSION = 'x-mlportal-roles';
const SECURITY_SCHEME = 'bearerAuth';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON (invalid_json), JSON nested too deep (json_too_deep), a path with bad percent-encoding (invalid_path_encoding) or a field that fails validation (validation_failed; details list each { path, message })',
  401: 'No token, or an unknown or revoked one (unauthenticated); the message names the permission needed',
  403: 'The token is valid but its roles lack the permission (forbidden)',
  404: 'Not found (not_found)',
  409: 'Conflicts with the current state; the code says which conflict',
  413: 'The body exceeds MLPORTAL_MAX_BODY_BYTES (payload_too_large), refused before it is read when its Content-Length says so',
  415: 'The body is not JSON (unsupported_media_type)',
  422: 'The content breaks the declared schema; details say where (e.g. rows_rejected: row numbers and reasons)',
  500: 'Unexpected fault (internal_error); the server log has details under the request id'
};

export function buildOpenApi(routes: readonly Route[]): OpenApiDocument {
  const components = new ComponentSchemas();
  const errorRef = components.convert(ErrorBodySchema, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method]: operation(route, components, errorRef) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'mlportal API',
      version: serverVersion(),
      description:
        'The mlportal backend. Every endpoint but health needs Authorization: Bearer <token>; ' +
        `each operation names the permission it needs in ${PERMISSION_EXTENSION} and the roles holding it in ${ROLES_EXTENSION}. ` +
        'Every error answer has the shape of the Error schema.'
    },
    tags: [...new Set(routes.map((r) => r.tag))].sort().map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        [SECURITY_SCHEME]: { type: 'http', scheme: 'bearer', description: 'An mlportal API token (mlp_...), created by an admin' }
      },
      schemas: components.all()
    }
  };
}

export function renderOpenApi(routes: readonly Route[]): string {
  return `${JSON.stringify(buildOpenApi(routes), null, 2)}\n`;
}

function operation(route: Route, components: ComponentSchemas, errorRef: JsonSchema): Record<string, unknown> {
  const name = route.operationId.charAt(0).toUpperCase() + route.operationId.slice(1);
  const isPublic = route.access === 'public';
  const parameters = [
    ...objectParameters(route.params ? components.convert(route.params, 'input') : undefined, 'path'),
    ...objectParameters(route.query ? components.convert(route.query, 'input') : undefined, 'query')
  ];
  const responses: Record<string, unknown> = {};
  for (const spec of [route.response, ...route.otherResponses]) {
    const mediaTypes = spec === route.response ? route.response.mediaTypes : undefined;
    responses[String(spec.status)] = spec.schema
      ? {
          description: spec.description,
          content: json(components.convert(spec.schema, 'output', `${name}Response${spec === route.response ? '' : spec.status}`))
        }
      : mediaTypes
        ? { description: spec.description, content: files(mediaTypes, route.response.mediaTypeSchemas ?? {}, components) }
        : { description: spec.description };
  }
  for (const status of errorStatuses(route)) {
    responses[String(status)] = { description: errorDescription(route, status), content: json(errorRef) };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: isPublic ? [] : [{ [SECURITY_SCHEME]: [] }],
    [PERMISSION_EXTENSION]: route.access,
    ...(isPublic ? {} : { [ROLES_EXTENSION]: rolesWith(route.access) }),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: json(components.convert(route.body, 'input', `${name}Request`)) } } : {}),
    ...(route.upload
      ? { requestBody: { required: true, description: route.upload.description, content: files(route.upload.mediaTypes) } }
      : {}),
    responses
  };
}

function errorStatuses(route: Route): number[] {
  const statuses = new Set<number>([...route.errors, 500]);
  if (route.params || route.query || route.body || route.upload) statuses.add(400);
  if (route.body || route.upload) [413, 415].forEach((s) => statuses.add(s));
  if (route.access !== 'public') [401, 403].forEach((s) => statuses.add(s));
  return [...statuses].sort((a, b) => a - b);
}

function errorDescription(route: Route, status: number): string {
  if (route.upload && status === 400) {
    return 'An empty body (empty_upload), content that cannot be read in the declared format, or a parameter that fails validation (validation_failed)';
  }
  if (route.upload && status === 413) {
    return `The body exceeds ${LIMIT_SETTINGS[route.upload.limit ?? 'maxUploadBytes']} (payload_too_large), refused before it is read when its Content-Length says so`;
  }
  if (status === 403 && route.access !== 'public') {
    return `The token's roles lack ${route.access} (held by: ${rolesWith(route.access).join(', ')}) (forbidden)`;
  }
  return ERROR_DESCRIPTIONS[status] ?? 'Error';
}

function objectParameters(schema: JsonSchema | undefined, location: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest
    };
  });
}

/** Bytes in any of these media types (uploads and downloads), except those with a declared structure (a JSON file). */
function files(mediaTypes: string[], structured: Record<string, z.ZodType> = {}, components?: ComponentSchemas): Record<string, unknown> {
  return Object.fromEntries(
    mediaTypes.map((type) => {
      const schema =
        Object.hasOwn(structured, type) && components
          ? components.convert(structured[type], 'output')
          : { type: 'string', format: 'binary' };
      return [type, { schema }];
    })
  );
}

function json(schema: JsonSchema): Record<string, unknown> {
  return { 'application/json': { schema } };
}
