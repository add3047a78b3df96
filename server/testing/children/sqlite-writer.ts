/**
 * Writes to a SQLite document store in an endless loop until killed, printing "<id> <rev>" after
 * each committed write. Every document keeps { counter: _rev - 1, blob: blobFor(counter) }, so a
 * torn write would show as a mismatch. Usage: sqlite-writer <file>
 */
import { openStore } from '../../platform/store';

const DOCS = 5;

export function blobFor(counter: number): string {
  return `${counter};`.repeat(8000);
}

async function main(file: string): Promise<void> {
  const store = await openStore({ kind: 'sqlite', path: file });
  const docs = store.collection<{ counter: number; blob: string }>('crash');
  for (let i = 0; i < DOCS; i++) {
    if (!(await docs.get(`doc${i}`))) await docs.insert({ _id: `doc${i}`, counter: 0, blob: blobFor(0) });
  }
  for (let n = 0; ; n++) {
    const id = `doc${n % DOCS}`;
    const current = (await docs.get(id))!;
    const next = await docs.update(id, current._rev, { counter: current.counter + 1, blob: blobFor(current.counter + 1) });
    process.stdout.write(`${id} ${next._rev}\n`);
    if (n % 10 === 0) {
      const extra = await docs.insert({ counter: 0, blob: blobFor(0) });
      process.stdout.write(`${extra._id} ${extra._rev}\n`);
    }
  }
}

if (require.main === module) {
  main(process.argv[2]).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
