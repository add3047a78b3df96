/**
 * The two document stores a storage-sensitive suite runs on: SQLite, and a MongoDB-wire server
 * (FerretDB started here, or the MongoDB at MLPORTAL_TEST_MONGO_URL) with a database of the
 * suite's own. When no MongoDB-wire server can be had, the MongoDB half fails with the reason; it
 * is never skipped.
 */
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { openStore, type DocumentStore } from '../platform/store';
import { startFerretDB, type RunningFerretDB } from './ferretdb';
import { makeTempDir, type TempDir } from './temp-dir';

export interface StoreTarget {
  /** The store's kind, as `DocumentStore.kind` reports it. */
  name: 'sqlite' | 'mongodb';
  start(): Promise<StartedStore>;
}

export interface StartedStore {
  /** What startTestServer's env needs to use this store (none for SQLite, the server's default). */
  env: Record<string, string>;
  /** A new connection to the same store each call: reopening it is a restart. */
  open(): Promise<DocumentStore>;
  /** Stops FerretDB, or drops the database from a MongoDB that outlives the test; removes temp files. */
  stop(): Promise<void>;
}

/** `prefix` names the suite's MongoDB database (mlportal_<prefix>_<pid>_<time>) and SQLite temp dir. */
export function storeTargets(prefix: string): StoreTarget[] {
  return [
    { name: 'sqlite', start: async () => startSqlite(prefix) },
    { name: 'mongodb', start: () => startMongo(`mlportal_${prefix}_${process.pid}_${Date.now()}`) }
  ];
}

function startSqlite(prefix: string): StartedStore {
  let dir: TempDir | undefined;
  return {
    env: {},
    // The file's folder does not exist yet: opening must create it.
    open: () => openStore({ kind: 'sqlite', path: path.join((dir ??= makeTempDir(`${prefix}-sqlite`)).path, 'nested', 'store.sqlite') }),
    stop: async () => dir?.remove()
  };
}

async function startMongo(dbName: string): Promise<StartedStore> {
  const given = process.env.MLPORTAL_TEST_MONGO_URL;
  const ferret = given ? undefined : await startFerretDBOrExplain();
  const url = given ?? ferret!.url;
  return {
    env: { MLPORTAL_MONGO_URL: url, MLPORTAL_MONGO_DB: dbName },
    open: () => openStore({ kind: 'mongodb', url, dbName }),
    async stop() {
      if (ferret) return ferret.stop();
      // A real MongoDB outlives the test: leave nothing behind in it.
      const client = await MongoClient.connect(url);
      await client.db(dbName).dropDatabase();
      await client.close();
    }
  };
}

async function startFerretDBOrExplain(): Promise<RunningFerretDB> {
  try {
    return await startFerretDB();
  } catch (err) {
    throw new Error(`the MongoDB half of this suite needs a MongoDB-wire server and none could be had: ${(err as Error).message}`, {
      cause: err
    });
  }
}
