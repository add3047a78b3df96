/**
 * Opens the configured document store. Domain code receives the DocumentStore and never
 * knows which adapter is behind it.
 */
import { openMongoStore } from './mongodb';
import type { DocumentStore } from './port';
import { openSqliteStore } from './sqlite';

export type StoreOptions =
  | { kind: 'sqlite'; /** The database file; its folder is created when missing. */ path: string }
  | { kind: 'mongodb'; url: string; dbName: string };

export async function openStore(options: StoreOptions): Promise<DocumentStore> {
  switch (options.kind) {
    case 'sqlite':
      return openSqliteStore(options.path);
    case 'mongodb':
      return openMongoStore(options.url, options.dbName);
    default:
      throw new Error(`unknown store kind ${JSON.stringify((options as { kind: unknown }).kind)}`);
  }
}

export type * from './port';
