import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { openApiFilePath } from './openapi-cli';
import { buildOpenApi, renderOpenApi } from '../api/openapi';
import { defineRoute } from '../api/route';
import { allRoutes } from './routes';

type Json = Record<string, any>;

const doc = buildOpenApi(allRoutes) as Json;
const schemas = doc.components.schemas as Record<string, Json>;

function resolve(schema: Json): Json {
  return typeof schema.$ref === 'string' ? resolve(schemas[schema.$ref.replace('#/components/schemas/', '')]) : schema;
}

function* walk(value: unknown): Generator<Json> {
  if (Array.isArray(value)) for (const item of value) yield* walk(item);
  else if (typeof value === 'object' && value !== null) {
    yield value as Json;
    for (const inner of Object.values(value)) yield* walk(inner);
  }
}

/** Every object schema reachable from `schema`, following $refs (once each). */
function objectSchemas(schema: Json, seen = new Set<Json>()): Json[] {
  const found: Json[] = [];
  for (const node of walk(schema)) {
    const target = resolve(node);
    if (seen.has(target)) continue;
    seen.add(target);
    if (target.type === 'object') found.push(target);
    if (target !== node) found.push(...objectSchemas(target, seen));
  }
  return found;
}

function isMap(schema: Json): boolean {
  return schema.properties === undefined && typeof schema.additionalProperties === 'object' && schema.propertyNames !== undefined;
}

const operations = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path, method, operation }))
);

describe('the OpenAPI document', () => {
  it('is what schema/openapi.json holds (run npm run openapi after changing a route)', () => {
    expect(readFileSync(openApiFilePath(), 'utf8')).toBe(renderOpenApi(allRoutes));
  });

  it('is OpenAPI 3.1 with a bearer security scheme', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('has one operation per declared route, each with a unique id, its permission and matching security', () => {
    expect(operations).toHaveLength(allRoutes.length);
    expect(new Set(operations.map((o) => o.operation.operationId)).size).toBe(allRoutes.length);
    for (const route of allRoutes) {
      const operation = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')][route.method];
      expect(operation['x-mlportal-permission']).toBe(route.access);
      expect(operation.security).toEqual(route.access === 'public' ? [] : [{ bearerAuth: [] }]);
      if (route.access !== 'public') expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
  });

  it('shows the exact shapes the clients rely on', () => {
    const create = doc.paths['/api/v1/auth/tokens'].post;
    expect(create.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreatedToken' });
    expect(resolve(create.requestBody.content['application/json'].schema).required).toEqual(['name', 'roles']);
    expect(schemas.Health.required).toEqual(['status', 'store', 'version']);
    const revoke = doc.paths['/api/v1/auth/tokens/{id}'].delete;
    expect(revoke.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string', minLength: 1, maxLength: 64 } }
    ]);
    expect(revoke.responses['204']).toEqual({ description: 'Revoked' });
  });

  it('refers only to schemas it defines', () => {
    for (const node of walk(doc)) {
      if (typeof node.$ref !== 'string') continue;
      expect(node.$ref).toMatch(/^#\/components\/schemas\//);
      expect(schemas[node.$ref.replace('#/components/schemas/', '')]).toBeDefined();
    }
  });

  it('declares every request body strict: no object accepts unknown fields', () => {
    for (const { path, method, operation } of operations) {
      const body = operation.requestBody?.content['application/json']?.schema;
      if (!body) continue;
      // A map (a record: any key, typed values, e.g. a row of feature values) is open by design; structs must be closed.
      for (const object of objectSchemas(body).filter((o) => !isMap(o))) {
        expect({ operation: `${method.toUpperCase()} ${path}`, additionalProperties: object.additionalProperties }).toEqual({
          operation: `${method.toUpperCase()} ${path}`,
          additionalProperties: false
        });
      }
    }
  });

  it('refuses two different schemas under one name', () => {
    const first = z.object({ a: z.string() }).meta({ id: 'Clash' });
    const second = z.object({ b: z.number() }).meta({ id: 'Clash' });
    const route = (operationId: string, schema: z.ZodType) =>
      defineRoute({
        method: 'get',
        path: `/api/v1/${operationId}`,
        operationId,
        summary: operationId,
        tag: 'test',
        access: 'public',
        response: { status: 200, schema, description: 'x' },
        async handler() {
          return {} as never;
        }
      });
    expect(() => buildOpenApi([route('one', first), route('two', second)])).toThrow(/two different schemas are named Clash/);
  });
});

describe('defineRoute', () => {
  it('refuses a path whose parameters the params schema does not declare', () => {
    expect(() =>
      defineRoute({
        method: 'get',
        path: '/api/v1/things/:id/parts/:part',
        operationId: 'getPart',
        summary: 'x',
        tag: 'test',
        access: 'public',
        params: z.strictObject({ id: z.string() }),
        response: { status: 200, schema: z.object({}), description: 'x' },
        async handler() {
          return {};
        }
      })
    ).toThrow('route getPart: path /api/v1/things/:id/parts/:part has parameters [id, part] but params declares [id]');
  });
});
