/**
 * The backend in this process, as `npm run server` runs it (main.ts's startServer: real engine
 * settings, quiet logs) on a temporary SQLite data dir, plus a second handle on the same store for
 * measuring the store port without HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateToken } from '../../server/auth/token-format';
import { loadConfig, type Config } from '../../server/config';
import { startServer } from '../../server/main';
import { createLogger } from '../../server/platform/logging';
import { openStore } from '../../server/platform/store';
import type { DocumentStore } from '../../server/platform/store/port';

export interface BenchBackend {
  url: string;
  adminToken: string;
  config: Config;
  /** Another connection to the backend's document store. */
  store: DocumentStore;
  stop(): Promise<void>;
}

export async function startBenchBackend(): Promise<BenchBackend> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'mlportal-bench-'));
  const adminToken = generateToken();
  const config = loadConfig({
    MLPORTAL_DATA_DIR: dataDir,
    MLPORTAL_PORT: '0',
    MLPORTAL_ADMIN_TOKEN: adminToken,
    MLPORTAL_LOG_LEVEL: 'warn'
  });
  const server = await startServer(config, createLogger({ level: 'warn' }));
  const store = await openStore(config.store);
  return {
    url: server.url,
    adminToken,
    config,
    store,
    async stop() {
      await store.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
}
