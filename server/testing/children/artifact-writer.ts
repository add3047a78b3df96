/**
 * Uploads an endless stream into a local artifact store until killed; prints "streaming" once
 * the store has taken in a few megabytes. Like a backend, it holds the data-dir lock until it dies.
 * Usage: artifact-writer <dataDir>
 */
import { Readable } from 'node:stream';
import { openLocalArtifactStore } from '../../platform/artifacts/local';
import { lockDataDir } from '../../platform/data-dir/lock';

const CHUNK = Buffer.alloc(64 * 1024, 7);
const ANNOUNCE_AFTER_CHUNKS = 64;

async function main(dataDir: string): Promise<void> {
  const store = await openLocalArtifactStore(dataDir, lockDataDir(dataDir));
  let pulled = 0;
  const endless = new Readable({
    read() {
      pulled += 1;
      if (pulled === ANNOUNCE_AFTER_CHUNKS) process.stdout.write('streaming\n');
      this.push(CHUNK);
    }
  });
  await store.put(endless);
}

main(process.argv[2]).catch((err) => {
  console.error(err);
  process.exit(1);
});
