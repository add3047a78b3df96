/**
 * A real backend for integration tests: the app on 127.0.0.1 (a free port), a temporary SQLite
 * store and artifact folder, an admin token, and every log line captured for assertions.
 */
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createApp } from '../app';
import { createServices } from '../composition/create-services';
import { closeServices, prepareServices, servicesListening } from '../composition/lifecycle';
import type { Route } from '../api/route';
import { bootstrapAdminToken } from '../auth/bootstrap';
import { generateToken } from '../auth/token-format';
import { TokenService } from '../auth/token-service';
import { loadConfig, type Config } from '../config';
import { openEngine, type Engine } from '../features/engine';
import type { JobExecutors } from '../jobs/create';
import type { Services } from '../composition/services';
import type { ArtifactStore } from '../platform/artifacts/port';
import { openLocalArtifactStore } from '../platform/artifacts/local';
import { lockDataDir } from '../platform/data-dir/lock';
import { startScopedDir } from '../platform/data-dir/temp-files';
import { createLogger, type Logger } from '../platform/logging';
import { openStore } from '../platform/store';
import type { DocumentStore } from '../platform/store/port';
import type { StoreTarget } from './store-targets';
import { makeTempDir } from './temp-dir';

export interface TestServer {
  url: string;
  adminToken: string;
  config: Config;
  store: DocumentStore;
  artifacts: ArtifactStore;
  tokens: TokenService;
  logger: Logger;
  featureEngine: Engine;
  /** The services the app's handlers call (the same instances). */
  services: Services;
  /** Every log line so far, parsed. */
  logs: Array<Record<string, unknown>>;
  /** The raw log text so far. */
  logText(): string;
  /** fetch against the server with the admin token (unless headers say otherwise). */
  request(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** MLPORTAL_* variables on top of the test defaults (MLPORTAL_DATA_DIR reuses a data dir, which stop() then leaves in place). */
  env?: Record<string, string>;
  routes?: readonly Route[];
  featureLimits?: { maxColumnarCells?: number };
  /** Check every answer against its schema, also those of routes declared check: 'in-tests' (default true). */
  checkAllResponses?: boolean;
  /** Job executors to use (e.g. a Kubernetes executor pointed at the API-server double). */
  jobExecutors?: JobExecutors;
  /** The serving traffic split's draw (seeded, to know which version each request gets). */
  servingRandom?: () => number;
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
  // As main.ts does: a test that starts a second backend on a data dir still in use is refused.
  const lock = lockDataDir(config.dataDir);
  const store = await openStore(config.store);
  const artifacts = await openLocalArtifactStore(config.dataDir, lock);
  const tokens = new TokenService(store, logger);
  await tokens.prepare();
  await bootstrapAdminToken({ tokens, dataDir: config.dataDir, adminToken, logger });
  // Small and bounded: many test servers run side by side on a few cores.
  const featureDir = path.join(config.dataDir, 'features');
  const spillDir = await startScopedDir(path.join(featureDir, 'spill'), lock.startId);
  const featureEngine = await openEngine({ threads: 2, memoryLimit: '512MB', tempDir: spillDir, allowedDirectories: [featureDir] });
  const dependencies = {
    config,
    store,
    artifacts,
    logger,
    startId: lock.startId,
    featureEngine,
    routes: options.routes,
    featureLimits: options.featureLimits,
    checkAllResponses: options.checkAllResponses ?? true,
    jobExecutors: options.jobExecutors,
    servingRandom: options.servingRandom
  };
  const services = createServices(dependencies);
  try {
    await prepareServices(services);
  } catch (err) {
    // A start that is meant to fail (a test of refused settings) leaves nothing open behind it.
    await closeServices(services).catch(() => undefined);
    await featureEngine.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    lock.release();
    dir.remove();
    throw err;
  }
  const server = createServer(createApp(dependencies, services));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servicesListening(services, url);

  return {
    url,
    adminToken,
    config,
    store,
    artifacts,
    tokens,
    logger,
    featureEngine,
    services,
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
      await closeServices(services).catch(() => undefined);
      await featureEngine.close().catch(() => undefined);
      await store.close().catch(() => undefined);
      lock.release();
      dir.remove();
    }
  };
}

/** A test server on one of the two document stores (see store-targets.ts); stopping it stops that store too. */
export async function startTestServerOn(target: StoreTarget, options: TestServerOptions = {}): Promise<TestServer> {
  const store = await target.start();
  try {
    const server = await startTestServer({ ...options, env: { ...options.env, ...store.env } });
    return {
      ...server,
      async stop() {
        await server.stop();
        await store.stop();
      }
    };
  } catch (err) {
    await store.stop();
    throw err;
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}
