/**
 * Ingests rows into a feature group in an endless loop until killed, printing "<ingestion id> <rows>"
 * after each committed ingestion, so a test can SIGKILL it in the middle of one.
 * Usage: feature-ingester <data dir> <group>   (the group: airport_delays of testing/features.ts)
 */
import path from 'node:path';
import { openEngine } from '../../features/engine';
import { FeatureService } from '../../features/service';
import { openLocalArtifactStore } from '../../platform/artifacts/local';
import { lockDataDir } from '../../platform/data-dir/lock';
import { createLogger } from '../../platform/logging';
import { openStore } from '../../platform/store';

const ROWS = 400;

async function main(dataDir: string, group: string): Promise<void> {
  // It stands in for a backend, so it owns the data dir as one does (the lock goes with the process).
  const lock = lockDataDir(dataDir);
  const store = await openStore({ kind: 'sqlite', path: path.join(dataDir, 'mlportal.sqlite') });
  const artifacts = await openLocalArtifactStore(dataDir, lock);
  const engine = await openEngine({ threads: 1, memoryLimit: '256MB', allowedDirectories: [path.join(dataDir, 'features')] });
  const logger = createLogger({ level: 'silent' });
  const features = new FeatureService({ store, artifacts, engine, dataDir, startId: lock.startId, logger, maxUploadBytes: 1 << 30 });
  await features.prepare();
  for (let n = 0; ; n++) {
    const rows = Array.from({ length: ROWS }, (_, i) => ({
      origin: `A${i % 40}`,
      ts: new Date(Date.UTC(2001, 0, 1) + (n * ROWS + i) * 60_000).toISOString(),
      delay_mean: i / 4,
      flights: n,
      carrier: 'UA'
    }));
    const ingestion = await features.ingestion.ingestRows(group, rows, { tokenId: 'child', name: 'feature-ingester' });
    process.stdout.write(`${ingestion.id} ${ingestion.rows}\n`);
  }
}

if (require.main === module) {
  main(process.argv[2], process.argv[3]).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
