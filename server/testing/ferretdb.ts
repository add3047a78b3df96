/**
 * Starts a throwaway FerretDB 1.24 (SQLite backend, everything under a temp dir) as the
 * MongoDB-wire server the MongoDB adapter's tests talk to. It listens on 127.0.0.1 only, with
 * telemetry and the debug HTTP listener off.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, portAccepts } from './ports';

export interface RunningFerretDB {
  /** mongodb://127.0.0.1:<port>/ */
  url: string;
  stop(): Promise<void>;
}

const repoRoot = path.resolve(__dirname, '..', '..');
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

/** MLPORTAL_FERRETDB_BIN, else <repo>/.mlportal-tools/bin/ferretdb (scripts/setup/ferretdb.mjs builds it), else `ferretdb` on PATH. */
export function findFerretDB(): string {
  const fromEnv = process.env.MLPORTAL_FERRETDB_BIN;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`MLPORTAL_FERRETDB_BIN points to ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  const built = path.join(repoRoot, '.mlportal-tools', 'bin', 'ferretdb');
  if (existsSync(built)) return built;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'ferretdb');
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error(
    'FerretDB was not found: build it with `node scripts/setup/ferretdb.mjs` (needs Go), set MLPORTAL_FERRETDB_BIN, ' +
      'or give a MongoDB with MLPORTAL_TEST_MONGO_URL'
  );
}

export async function startFerretDB(): Promise<RunningFerretDB> {
  const bin = findFerretDB();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mlportal-ferretdb-'));
  const port = await freePort();
  const child = spawn(
    bin,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dir}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
      '--no-log-uuid',
      '--no-metrics-uuid'
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A test run that dies without calling stop() must not leave FerretDB running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await stopChild(child, exited);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `mongodb://127.0.0.1:${port}/`, stop };
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`FerretDB could not start: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`FerretDB exited (${child.signalCode ?? `code ${child.exitCode}`}) before listening:\n${output()}`);
    }
    if (await portAccepts(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`FerretDB did not listen on 127.0.0.1:${port} within ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
