/**
 * A tiny real HTTP server answering health and whoami in the backend's documented shapes, for the
 * client-side tests (SDK and extension client): they check their own handling of headers, errors
 * and unreachable backends without depending on the whole backend being built.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubIdentity {
  tokenId: string;
  name: string;
  roles: string[];
  permissions: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

export type StubRoute = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface StubBackendOptions {
  store?: 'sqlite' | 'mongodb';
  version?: string;
  /** Bearer tokens the stub accepts, with the identity whoami answers for each. */
  tokens?: Record<string, StubIdentity>;
  /** Answers for exact paths (query string excluded), taking precedence over health and whoami. */
  routes?: Record<string, StubRoute>;
}

export interface StubBackend {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

let requestCounter = 0;

export function sendJson(res: http.ServerResponse, status: number, body: unknown, requestId?: string): void {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    ...(requestId ? { 'X-Request-Id': requestId } : {})
  });
  res.end(JSON.stringify(body));
}

export async function startStubBackend(options: StubBackendOptions = {}): Promise<StubBackend> {
  const requests: RecordedRequest[] = [];
  const tokens = options.tokens ?? {};
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push({ method: req.method ?? 'GET', path, authorization: req.headers.authorization });
    const requestId = `req-${++requestCounter}`;
    const custom = options.routes?.[path];
    if (custom) {
      custom(req, res);
    } else if (path === '/api/v1/health') {
      sendJson(res, 200, { status: 'ok', store: options.store ?? 'sqlite', version: options.version ?? '0.1.0' }, requestId);
    } else if (path === '/api/v1/auth/whoami') {
      const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
      const identity = match ? tokens[match[1]] : undefined;
      if (identity) {
        sendJson(res, 200, identity, requestId);
      } else {
        const message = match ? 'the token is not valid' : 'missing Authorization: Bearer <token>';
        sendJson(res, 401, { error: { code: 'unauthenticated', message, requestId } }, requestId);
      }
    } else {
      sendJson(res, 404, { error: { code: 'not_found', message: `no route ${path}`, requestId } }, requestId);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive and deliberately hanging connections would otherwise hold close() open.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      })
  };
}

/** A URL on 127.0.0.1 where nothing listens (a port that was just free). */
export async function unreachableUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
