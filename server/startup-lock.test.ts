/**
 * One backend per data directory, as processes (main.ts through the TypeScript loader): a second
 * backend on a directory in use is refused with a message naming it; after a kill -9 of the first,
 * the kernel has dropped its lock, a new backend starts, and it removes the temp files the dead one
 * left, also those whose pid is alive (as a reused pid, or pid 1 in a container, always is).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateToken } from './auth/token-format';
import { makeTempDir, type TempDir } from './testing/temp-dir';

const registerTs = path.join(__dirname, 'testing', 'register-ts.cjs');
const mainTs = path.join(__dirname, 'main.ts');
const adminToken = generateToken();

let dir: TempDir;
const children: ChildProcessWithoutNullStreams[] = [];

beforeEach(() => (dir = makeTempDir('startup-lock')));
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  dir.remove();
});

interface Backend {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  exited: Promise<number | null>;
}

function spawnBackend(): Backend {
  const child = spawn(process.execPath, ['-r', registerTs, mainTs], {
    env: {
      ...process.env,
      MLPORTAL_DATA_DIR: dir.path,
      MLPORTAL_ADMIN_TOKEN: adminToken,
      MLPORTAL_PORT: '0',
      MLPORTAL_ALERT_INTERVAL_SECONDS: '0'
    }
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function listening(backend: Backend): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const look = () => {
      const match = /mlportal backend listening on (http:\/\/[^\s"]+)/.exec(backend.output());
      if (match) resolve(match[1]);
    };
    backend.child.stdout.on('data', look);
    look();
    void backend.exited.then((code) => reject(new Error(`the backend exited (${code}) before listening:\n${backend.output()}`)));
  });
}

function entries(relative: string): string[] {
  return readdirSync(path.join(dir.path, relative));
}

it("refuses a second backend on a data directory in use, and after a kill -9 lets a new one start and clear the dead one's temp files", async () => {
  const first = spawnBackend();
  const firstUrl = await listening(first);

  const second = spawnBackend();
  expect(await second.exited).toBe(1);
  expect(second.output()).toContain(`the data directory ${dir.path} is in use by another mlportal backend`);
  // The refused one changed nothing: the first still serves.
  expect((await fetch(`${firstUrl}/api/v1/health`)).status).toBe(200);

  first.child.kill('SIGKILL');
  await first.exited;

  // What a crash leaves, named by a pid that is alive (ours) and by pid 1.
  const leftovers: Record<string, string[]> = {
    'artifacts/tmp': [`${process.pid}-00000000-0000-0000-0000-000000000000.part`, '1-00000000-0000-0000-0000-000000000000.part'],
    'features/staging': [`${process.pid}-00000000-0000-0000-0000-000000000000.parquet`],
    'features/uploads': ['1-00000000-0000-0000-0000-000000000000.upload'],
    'registry/tmp': [`${process.pid}-00000000-0000-0000-0000-000000000000.onnx.part`],
    'serving/uploads': ['00000000-0000-0000-0000-000000000000.csv']
  };
  for (const [folder, names] of Object.entries(leftovers)) {
    mkdirSync(path.join(dir.path, folder), { recursive: true });
    for (const name of names) writeFileSync(path.join(dir.path, folder, name), 'partial');
  }
  const [deadSpill] = entries('features/spill');
  expect(deadSpill).toMatch(/^[0-9a-f]{16}$/);

  const third = spawnBackend();
  const thirdUrl = await listening(third);
  // Every service clears its folder at start (composition/lifecycle.ts); the registry and batch scoring still work after.
  const auth = { Authorization: `Bearer ${adminToken}` };
  expect((await fetch(`${thirdUrl}/api/v1/models`, { headers: auth })).status).toBe(200);
  const input = await fetch(`${thirdUrl}/api/v1/batch-scoring/inputs`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'text/csv' },
    body: 'a,b\n1,2\n'
  });
  expect(input.status).toBe(201);
  for (const folder of Object.keys(leftovers)) expect([folder, entries(folder)]).toEqual([folder, []]);
  expect(entries('features/spill')).toEqual([expect.not.stringMatching(deadSpill)]);
  third.child.kill('SIGTERM');
  expect(await third.exited).toBe(0);
}, 120_000);
