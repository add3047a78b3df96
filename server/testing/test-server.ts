/**
 * A real backend for integration tests: the app on 127.0.0.1 (a free port), a temporary SQLite
 * store and artifact folder, an admin token, and every log line captured for assertions.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createApp } from '../app';
import type { Route } from '../api/route';
import { bootstrapAdminToken } from '../auth/bootstrap';
import { generateToken } from '../auth/token-format';
import { TokenService } from '../auth/token-service';
import { loadConfig, type Config } from '../config';
import type { ArtifactStore } from '../platform/artifacts/port';
import { openLocalArtifactStore } from '../platform/artifacts/local';
import { createLogger, type Logger } from '../platform/logging';
import { openStore } from '../platform/store';
import type { DocumentStore } from '../platform/store/port';
import { makeTempDir } from './temp-dir';

export interface TestServer {
  url: string;
  adminToken: string;
  config: Config;
  store: DocumentStore;
  artifacts: ArtifactStore;
  tokens: TokenService;
  logger: Logger;
  /** Every log line so far, parsed. */
  logs: Array<Record<string, unknown>>;
  /** The raw log text so far. */
  logText(): string;
  /** fetch against the server with the admin token (unless headers say otherwise). */
  request(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** MLPORTAL_* variables on top of the test defaults. */
  env?: Record<string, string>;
  routes?: readonly Route[];
}

export class LogCapture extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    const text = chunk.toString('utf8');
    this.text += text;
    for (const line of text.split('\n').filter(Boolean)) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = makeTempDir('api');
  const adminToken = generateToken();
  const config = loadConfig({ MLPORTAL_DATA_DIR: dir.path, MLPORTAL_ADMIN_TOKEN: adminToken, MLPORTAL_PORT: '0', ...options.env });
  const capture = new LogCapture();
  const logger = createLogger({ level: 'debug', destination: capture });
  const store = await openStore(config.store);
  const artifacts = await openLocalArtifactStore(config.dataDir);
  const tokens = new TokenService(store, logger);
  await bootstrapAdminToken({ tokens, dataDir: config.dataDir, adminToken, logger });
  const server = createServer(createApp({ config, store, artifacts, logger, routes: options.routes }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    adminToken,
    config,
    store,
    artifacts,
    tokens,
    logger,
    logs: capture.lines,
    logText: () => capture.text,
    request(path, init = {}) {
      const { token = adminToken, headers, ...rest } = init;
      const merged = new Headers(headers);
      if (token !== null && !merged.has('Authorization')) merged.set('Authorization', `Bearer ${token}`);
      return fetch(url + path, { ...rest, headers: merged });
    },
    async stop() {
      await closeServer(server);
      await store.close().catch(() => undefined);
      dir.remove();
    }
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}
