/** Helpers for the feature store's integration tests: JSON calls, role tokens, small hand-built groups. */
import type { Role } from '@mlportal/contract';
import type { TestServer } from './test-server';

export interface JsonAnswer<T = any> {
  status: number;
  body: T;
  /** For a 500: what the server logged under the request id (the answer itself says nothing). */
  serverError?: string;
}

function loggedError(server: TestServer, status: number, body: any): string | undefined {
  if (status !== 500) return undefined;
  const line = server.logs.find((l) => l.requestId === body?.error?.requestId && l.err);
  const err = line?.err as { message?: string; stack?: string } | undefined;
  return err?.stack ?? err?.message;
}

/** One JSON call; `token` defaults to the admin's. */
export async function call<T = any>(
  server: TestServer,
  method: string,
  path: string,
  body?: unknown,
  token?: string
): Promise<JsonAnswer<T>> {
  const response = await server.request(path, {
    method,
    token,
    ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  });
  const text = await response.text();
  const parsed = text === '' ? undefined : (JSON.parse(text) as T);
  return { status: response.status, body: parsed as T, serverError: loggedError(server, response.status, parsed) };
}

/** Sends raw bytes (a file upload). */
export async function upload<T = any>(
  server: TestServer,
  path: string,
  content: string,
  contentType?: string,
  token?: string
): Promise<JsonAnswer<T>> {
  const response = await server.request(path, {
    method: 'POST',
    token,
    headers: contentType ? { 'Content-Type': contentType } : {},
    body: content
  });
  const parsed = (await response.json()) as T;
  return { status: response.status, body: parsed, serverError: loggedError(server, response.status, parsed) };
}

/** A fresh token holding `roles`. */
export async function tokenWith(server: TestServer, ...roles: Role[]): Promise<string> {
  const created = await call(server, 'POST', '/api/v1/auth/tokens', { name: roles.join('+'), roles });
  if (created.status !== 201) throw new Error(`could not create a token: ${JSON.stringify(created.body)}`);
  return created.body.token as string;
}

export function expectStatus<T>(answer: JsonAnswer<T>, status: number): T {
  if (answer.status !== status) {
    throw new Error(
      `expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}${answer.serverError ? `\nserver: ${answer.serverError}` : ''}`
    );
  }
  return answer.body;
}

/** The entity `airport` (origin) and the group `airport_delays` (ts; delay_mean float64, flights int64, carrier string). */
export async function defineAirportDelays(server: TestServer, group = 'airport_delays'): Promise<any> {
  const entity = await call(server, 'GET', '/api/v1/features/entities/airport');
  if (entity.status === 404) {
    expectStatus(
      await call(server, 'POST', '/api/v1/features/entities', {
        name: 'airport',
        joinKeys: [{ name: 'origin', type: 'string' }],
        description: 'An airport, by its IATA code'
      }),
      201
    );
  }
  return expectStatus(
    await call(server, 'POST', '/api/v1/features/groups', {
      name: group,
      entity: 'airport',
      eventTime: 'ts',
      description: 'Departure delays per origin airport',
      owner: 'delays-team',
      tags: ['flights'],
      features: [
        { name: 'delay_mean', type: 'float64', description: 'Mean departure delay in minutes', tags: ['delay'] },
        { name: 'flights', type: 'int64', description: 'Departures counted' },
        { name: 'carrier', type: 'string', description: 'Busiest carrier' }
      ]
    }),
    201
  );
}

export async function ingestRows(
  server: TestServer,
  group: string,
  rows: Array<Record<string, unknown>>,
  token?: string
): Promise<JsonAnswer> {
  return call(server, 'POST', `/api/v1/features/groups/${group}/ingest/rows`, { rows }, token);
}
