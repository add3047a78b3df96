/**
 * A process writing to the SQLite store is SIGKILLed mid-loop (three times, on one file): on
 * reopen every document is whole, every revision matches its content, and no acknowledged
 * write is lost.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { spawnTypeScript } from '../../testing/children';
import { blobFor } from '../../testing/children/sqlite-writer';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { openStore } from './index';

const writer = path.join(__dirname, '..', '..', 'testing', 'children', 'sqlite-writer.ts');

describe('SQLite store after a killed writer', () => {
  let dir: TempDir;
  beforeAll(() => (dir = makeTempDir('sqlite-crash')));
  afterAll(() => dir.remove());

  it('keeps every document whole and every acknowledged revision', async () => {
    const file = path.join(dir.path, 'store.sqlite');
    const acknowledged = new Map<string, number>();

    for (let round = 0; round < 3; round++) {
      const child = spawnTypeScript(writer, [file]);
      try {
        await child.waitForLines(300);
      } finally {
        await child.kill();
      }
      expect(child.child.signalCode).toBe('SIGKILL');
      for (const line of child.lines) {
        const [id, rev] = line.split(' ');
        acknowledged.set(id, Math.max(acknowledged.get(id) ?? 0, Number(rev)));
      }
    }

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();

    const store = await openStore({ kind: 'sqlite', path: file });
    try {
      const docs = await store.collection<{ counter: number; blob: string }>('crash').find();
      expect(docs.length).toBeGreaterThanOrEqual(acknowledged.size);
      for (const doc of docs) {
        expect(doc.counter).toBe(doc._rev - 1);
        expect(doc.blob === blobFor(doc.counter)).toBe(true);
      }
      const stored = new Map(docs.map((d) => [d._id, d._rev]));
      for (const [id, rev] of acknowledged) {
        // A write may commit just before the kill and never be printed, so "at least".
        expect(stored.get(id)).toBeGreaterThanOrEqual(rev);
      }
    } finally {
      await store.close();
    }
  });
});
