/**
 * `npm run server`: reads the settings, takes the data-dir lock (one backend per data dir; see
 * platform/data-dir), opens the store and artifacts, makes sure an admin token
 * exists, opens the feature store's DuckDB engine and recovers the feature store, and serves the API
 * until SIGINT/SIGTERM, when it stops taking requests, lets those in flight finish, and closes the
 * engine and the store.
 */
import { promises as fs } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp } from './app';
import { createServices } from './composition/create-services';
import { closeServices, prepareServices, servicesListening } from './composition/lifecycle';
import type { Services } from './composition/services';
import { bootstrapAdminToken } from './auth/bootstrap';
import { TokenService } from './auth/token-service';
import { ConfigError, loadConfig, type Config } from './config';
import { openEngine } from './features/engine';
import { openLocalArtifactStore } from './platform/artifacts/local';
import { lockDataDir } from './platform/data-dir/lock';
import { startScopedDir } from './platform/data-dir/temp-files';
import { createLogger, type Logger } from './platform/logging';
import { openStore } from './platform/store';

/** Requests still running after this long at shutdown are cut off. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  // The data folder holds the admin token and every document: nobody else needs to look inside.
  await fs.mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  // First of all: one backend per data dir (it also makes removing earlier starts' temp files safe).
  const lock = lockDataDir(config.dataDir);
  const store = await openStore(config.store).catch((err: unknown) => {
    lock.release();
    throw err;
  });
  let featureEngine: Awaited<ReturnType<typeof openEngine>> | undefined;
  let services: Services | undefined;
  const closeAll = async () => {
    try {
      if (services) await closeServices(services);
      await featureEngine?.close();
      await store.close();
    } finally {
      lock.release();
    }
  };
  try {
    const artifacts = await openLocalArtifactStore(config.dataDir, lock);
    const bootstrapTokens = new TokenService(store, logger);
    await bootstrapTokens.prepare();
    await bootstrapAdminToken({ tokens: bootstrapTokens, dataDir: config.dataDir, adminToken: config.adminToken, logger });
    // DuckDB reads and writes only the feature store's own folder (spills included).
    const featureDir = path.join(config.dataDir, 'features');
    featureEngine = await openEngine({
      tempDir: await startScopedDir(path.join(featureDir, 'spill'), lock.startId),
      allowedDirectories: [featureDir]
    });
    const dependencies = { config, store, artifacts, logger, startId: lock.startId, featureEngine };
    services = createServices(dependencies);
    await prepareServices(services);
    const server = createServer(createApp(dependencies, services));
    await listen(server, config);
    const port = (server.address() as AddressInfo).port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    servicesListening(services, url);
    logger.info(
      { url, store: store.kind, dataDir: config.dataDir, startId: lock.startId },
      `mlportal backend listening on ${url} (store: ${store.kind})`
    );
    return { url, stop: () => stop(server, closeAll, logger) };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

function listen(server: Server, config: Config): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE')
        reject(new Error(`port ${config.port} on ${config.host} is in use: stop what holds it or set MLPORTAL_PORT`));
      else if (err.code === 'EADDRNOTAVAIL') reject(new Error(`cannot listen on ${config.host}: no such local address (MLPORTAL_HOST)`));
      else reject(err);
    });
    server.listen(config.port, config.host, () => resolve());
  });
}

async function stop(server: Server, closeStores: () => Promise<void>, logger: Logger): Promise<void> {
  logger.info('mlportal backend stopping');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const cutOff = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
  await closed;
  clearTimeout(cutOff);
  await closeStores();
  logger.info('mlportal backend stopped');
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`mlportal: ${err.message}`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.logLevel });
  let running: RunningServer;
  try {
    running = await startServer(config, logger);
  } catch (err) {
    logger.fatal({ err }, 'mlportal backend failed to start');
    console.error(`mlportal: the backend failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      running.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'mlportal backend did not stop cleanly');
          process.exit(1);
        }
      );
    });
  }
}

if (require.main === module) void main();
