/**
 * An ingestion is atomic: a backend killed in the middle of one leaves nothing visible after a
 * restart, and what was committed stays whole (rows, freshness, statistics, online values).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnTypeScript } from '../testing/children';
import { call, defineAirportDelays, expectStatus } from '../testing/features';
import { makeTempDir, type TempDir } from '../testing/temp-dir';
import { startTestServer } from '../testing/test-server';

const ingester = path.join(__dirname, '..', 'testing', 'children', 'feature-ingester.ts');

let dataDir: TempDir;

beforeEach(() => {
  dataDir = makeTempDir('features-recovery');
});

afterEach(() => {
  dataDir.remove();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

it('leaves nothing of a killed ingestion visible after a restart, and keeps every committed one whole', async () => {
  const env = { MLPORTAL_DATA_DIR: dataDir.path };
  const first = await startTestServer({ env });
  await defineAirportDelays(first);
  await first.stop();

  const child = spawnTypeScript(ingester, [dataDir.path, 'airport_delays']);
  try {
    await child.waitForLines(3);
  } finally {
    await child.kill();
  }
  const printed = child.lines.map((line) => line.split(' ')[0]);

  // Leftovers of the kind a crash leaves, made certain: a staging file of the dead process, and an
  // offline file no committed record names (a crash between the rename and the record).
  const features = path.join(dataDir.path, 'features');
  writeFileSync(path.join(features, 'staging', `${child.child.pid}-00000000-0000-0000-0000-000000000000.parquet`), 'partial');
  // And ones whose pid is alive (as a reused pid, or pid 1 in a container, always is): the data-dir
  // lock, not a pid, says they are leftovers.
  writeFileSync(path.join(features, 'uploads', `${process.pid}-00000000-0000-0000-0000-000000000000.upload`), 'partial');
  writeFileSync(path.join(features, 'scratch', '1-00000000-0000-0000-0000-000000000000.csv'), 'partial');
  const orphan = path.join(features, 'offline', 'airport_delays', 'v1', `ing_${'0'.repeat(32)}.parquet`);
  mkdirSync(path.dirname(orphan), { recursive: true });
  writeFileSync(orphan, 'PAR1 but never committed');

  const second = await startTestServer({ env });
  try {
    const ingestions = expectStatus(await call(second, 'GET', '/api/v1/features/groups/airport_delays/ingestions'), 200).ingestions;
    const ids = ingestions.map((i: { id: string }) => i.id);
    // Every printed ingestion is committed; at most one more committed before its line was printed.
    expect(ids.slice(0, printed.length)).toEqual(printed);
    expect(ids.length - printed.length).toBeLessThanOrEqual(1);

    expect(filesUnder(path.join(features, 'offline'))).toEqual(
      ids.map((id: string) => path.join('airport_delays', 'v1', `${id}.parquet`)).sort()
    );
    for (const temp of ['staging', 'uploads', 'scratch']) expect(filesUnder(path.join(features, temp))).toEqual([]);

    const rows = ingestions.reduce((sum: number, i: { rows: number }) => sum + i.rows, 0);
    const version = expectStatus(await call(second, 'GET', '/api/v1/features/groups/airport_delays/versions/1'), 200);
    expect(version.freshness).toMatchObject({ rows, ingestions: ids.length, maxEventTime: ingestions[ingestions.length - 1].maxEventTime });
    expect(version.stats.flights.count).toBe(rows);

    // The online store holds the last committed ingestion's values (replayed at start if the kill came first).
    const lookup = expectStatus(
      await call(second, 'POST', '/api/v1/features/online', {
        features: ['airport_delays:flights'],
        entities: [{ origin: 'A0' }, { origin: 'A39' }]
      }),
      200
    );
    expect(lookup.values).toEqual([[ids.length - 1], [ids.length - 1]]);
  } finally {
    await second.stop();
  }
});
