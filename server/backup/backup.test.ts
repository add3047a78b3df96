/**
 * Backup and restore end to end: a data directory seeded through a real backend (a feature group with
 * ingestions, a run with metrics and an artifact, a registered model version), backed up while that
 * backend runs and keeps writing, restored into an empty directory, and a backend started on the copy
 * answers as the original did at backup time, with the same file bytes.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { matMulModel } from '../registry/testing/onnx-models';
import { call, defineAirportDelays, expectStatus, ingestRows } from '../testing/features';
import { registerVersion } from '../testing/registry';
import { makeTempDir, type TempDir } from '../testing/temp-dir';
import { startTestServer, type TestServer } from '../testing/test-server';
import { lockDataDir } from '../platform/data-dir/lock';
import { createBackup } from './backup';
import { runCli } from './cli';
import { hashFile, stateFiles } from './files';
import { readManifest } from './manifest';
import { restoreBackup } from './restore';

let dirs: TempDir;
let original: TestServer;
let restored: TestServer | undefined;
const dataDir = () => path.join(dirs.path, 'data');

const rows = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({
    origin: `A${i % 7}`,
    ts: new Date(Date.UTC(2024, 0, 1) + (from + i) * 60_000).toISOString(),
    delay_mean: i / 2,
    flights: from + i,
    carrier: 'UA'
  }));

/** What the API says about everything seeded; equal on the original (at backup time) and on the restored copy. */
async function answers(server: TestServer, runId: string) {
  const ok = async (method: string, route: string, body?: unknown) => expectStatus(await call(server, method, route, body), 200);
  const bytes = async (route: string) => {
    const response = await server.request(route);
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer()).toString('base64');
  };
  return {
    group: await ok('GET', '/api/v1/features/groups/airport_delays'),
    ingestions: await ok('GET', '/api/v1/features/groups/airport_delays/ingestions'),
    version: await ok('GET', '/api/v1/features/groups/airport_delays/versions/1'),
    online: await ok('POST', '/api/v1/features/online', {
      features: ['airport_delays:flights', 'airport_delays:delay_mean'],
      entities: [{ origin: 'A0' }, { origin: 'A6' }]
    }),
    runs: await ok('POST', '/api/v1/runs/search', {}),
    run: await ok('GET', `/api/v1/runs/${runId}`),
    runArtifact: await bytes(`/api/v1/runs/${runId}/artifacts/content?path=notes/readme.txt`),
    models: await ok('GET', '/api/v1/models'),
    modelVersion: await ok('GET', '/api/v1/models/fares/versions/1'),
    modelFile: await bytes('/api/v1/models/fares/versions/1/artifact')
  };
}

/** sha256 of every state file of a data dir (the database excepted: compared through the API). */
async function fileHashes(dir: string): Promise<Record<string, string>> {
  const { files } = await stateFiles(dir, ['mlportal.sqlite']);
  const hashes: Record<string, string> = {};
  for (const file of files) hashes[file] = (await hashFile(path.join(dir, file))).sha256;
  return hashes;
}

async function quietly<T>(work: () => Promise<T>): Promise<{ value: T; output: string }> {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  const error = jest.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
  try {
    return { value: await work(), output: lines.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

beforeEach(async () => {
  dirs = makeTempDir('backup');
  original = await startTestServer({ env: { MLPORTAL_DATA_DIR: dataDir(), MLPORTAL_ALERT_INTERVAL_SECONDS: '0' } });
});

afterEach(async () => {
  await restored?.stop();
  restored = undefined;
  await original.stop();
  dirs.remove();
});

it('backs up a running backend and restores into an empty directory that a new backend serves as the original was', async () => {
  await defineAirportDelays(original);
  expectStatus(await ingestRows(original, 'airport_delays', rows(50)), 201);
  expectStatus(await ingestRows(original, 'airport_delays', rows(30, 50)), 201);
  const runId = expectStatus(await call(original, 'POST', '/api/v1/runs', { name: 'baseline' }), 201).id;
  expectStatus(
    await call(original, 'POST', `/api/v1/runs/${runId}/log`, { params: { lr: '0.1' }, metrics: [{ key: 'loss', value: 0.25, step: 1 }] }),
    200
  );
  const put = await original.request(`/api/v1/runs/${runId}/artifacts?path=notes/readme.txt`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: 'what this run tried\n'
  });
  expect(put.status).toBe(201);
  await registerVersion(original, 'fares', matMulModel([0.5, -1, 2]));
  const before = await answers(original, runId);
  const filesBefore = await fileHashes(dataDir());
  expect(Object.keys(filesBefore).some((file) => file.startsWith('features/offline/airport_delays/'))).toBe(true);
  expect(Object.keys(filesBefore).some((file) => file.startsWith('artifacts/objects/'))).toBe(true);

  // The backend keeps running (and holds its lock) while the backup is taken, through the command's code path.
  const backupDir = path.join(dirs.path, 'backup');
  const backup = await quietly(() => runCli(['backup', backupDir], { MLPORTAL_DATA_DIR: dataDir() }));
  expect(backup.output).toMatch(/^mlportal backup: \d+ files \(\d+ bytes, sqlite store\)/);
  expect(backup.value).toBe(0);
  const manifest = await readManifest(backupDir);
  expect(manifest.store).toEqual({ kind: 'sqlite', file: 'data/mlportal.sqlite' });
  for (const [file, sha256] of Object.entries(filesBefore))
    expect(manifest.files).toContainEqual(expect.objectContaining({ path: `data/${file}`, sha256 }));
  // Neither the lock nor temp folders are copied.
  expect(manifest.files.map((f) => f.path).filter((p) => /lock\.db|\/tmp\/|spill|staging|uploads|scratch/.test(p))).toEqual([]);

  // Writes after the backup are not in it.
  expectStatus(await ingestRows(original, 'airport_delays', rows(10, 80)), 201);
  expectStatus(await call(original, 'POST', '/api/v1/runs', { name: 'after the backup' }), 201);

  // Refused while a backend holds the target.
  const refused = await quietly(() => runCli(['restore', backupDir], { MLPORTAL_DATA_DIR: dataDir() }));
  expect(refused.value).toBe(1);
  expect(refused.output).toContain(`mlportal restore: a backend is running on ${dataDir()}`);

  const copyDir = path.join(dirs.path, 'restored');
  const restore = await quietly(() => runCli(['restore', backupDir], { MLPORTAL_DATA_DIR: copyDir }));
  expect(restore.output).toContain(`restored into ${copyDir}`);
  expect(restore.value).toBe(0);
  expect(await fileHashes(copyDir)).toEqual(filesBefore);

  restored = await startTestServer({ env: { MLPORTAL_DATA_DIR: copyDir, MLPORTAL_ALERT_INTERVAL_SECONDS: '0' } });
  expect(await answers(restored, runId)).toEqual(before);
  expect(
    expectStatus(await call(restored, 'POST', '/api/v1/runs/search', {}), 200).runs.map((r: { name: string }) => r.name)
  ).not.toContain('after the backup');
}, 180_000);

it('restores only into an empty data directory, only a complete and intact backup, and writes nothing when it refuses', async () => {
  await defineAirportDelays(original);
  expectStatus(await ingestRows(original, 'airport_delays', rows(20)), 201);
  const backupDir = path.join(dirs.path, 'backup');
  await createBackup(original.config, backupDir);
  const config = (dir: string) => ({ dataDir: dir, store: { kind: 'sqlite' as const, path: path.join(dir, 'mlportal.sqlite') } });

  const used = path.join(dirs.path, 'used');
  mkdirSync(used);
  writeFileSync(path.join(used, 'notes.txt'), 'mine');
  await expect(restoreBackup(config(used), backupDir)).rejects.toThrow(`the data directory ${used} is not empty`);
  expect(readdirSync(used).sort()).toEqual(['lock.db', 'notes.txt']);

  // A directory a process holds (a backend starting on an otherwise empty one) is refused too.
  const held = path.join(dirs.path, 'held');
  const lock = lockDataDir(held);
  try {
    await expect(restoreBackup(config(held), backupDir)).rejects.toThrow(`a backend is running on ${held}`);
  } finally {
    lock.release();
  }

  const damaged = path.join(dirs.path, 'damaged');
  cpSync(backupDir, damaged, { recursive: true });
  const manifest = await readManifest(damaged);
  const parquet = manifest.files.find((f) => f.path.endsWith('.parquet'))!;
  writeFileSync(path.join(damaged, parquet.path), 'not the bytes that were backed up');
  const target = path.join(dirs.path, 'target');
  await expect(restoreBackup(config(target), damaged)).rejects.toThrow(
    `the backup is damaged: ${parquet.path} does not match its manifest entry`
  );
  expect(existsSync(target)).toBe(false);

  const incomplete = path.join(dirs.path, 'incomplete');
  cpSync(backupDir, incomplete, { recursive: true, filter: (source) => path.basename(source) !== 'manifest.json' });
  await expect(restoreBackup(config(target), incomplete)).rejects.toThrow(
    `${incomplete} is not a complete mlportal backup: it has no manifest.json`
  );

  const escaping = path.join(dirs.path, 'escaping');
  cpSync(backupDir, escaping, { recursive: true });
  writeFileSync(path.join(escaping, 'manifest.json'), JSON.stringify({ ...manifest, files: [{ ...parquet, path: 'data/../../outside' }] }));
  await expect(restoreBackup(config(target), escaping)).rejects.toThrow('must be a relative path inside the backup');

  // Backing up into a folder that is not empty, or into the data dir itself, is refused.
  await expect(createBackup(original.config, backupDir)).rejects.toThrow(`${backupDir} is not empty`);
  await expect(createBackup(original.config, path.join(dataDir(), 'backup'))).rejects.toThrow('must not contain one another');
}, 120_000);

it('says plainly when the store is MongoDB and mongodump or mongorestore is not installed', async () => {
  const mongo = (dir: string) => ({ dataDir: dir, store: { kind: 'mongodb' as const, url: 'mongodb://127.0.0.1:1', dbName: 'mlportal' } });
  const savedPath = process.env.PATH;
  process.env.PATH = path.join(dirs.path, 'no-tools-here');
  try {
    const target = path.join(dirs.path, 'mongo-backup');
    await expect(createBackup(mongo(dataDir()), target)).rejects.toThrow(
      'the store is MongoDB (MLPORTAL_MONGO_URL) and mongodump is not on the PATH: install the MongoDB Database Tools'
    );
    expect(existsSync(target)).toBe(false);
    const sqliteBackup = path.join(dirs.path, 'sqlite-backup');
    await createBackup(original.config, sqliteBackup);
    await expect(restoreBackup(mongo(path.join(dirs.path, 'empty')), sqliteBackup)).rejects.toThrow(
      'the backup holds a sqlite store but the settings name a mongodb one'
    );
  } finally {
    process.env.PATH = savedPath;
  }
});
