/**
 * The backend as its own process, as `npm run server` runs it (the compiled server/build/main.js
 * after `tsc -b server/tsconfig.json`), on a temporary data dir with a fixed admin token and port,
 * so that a suite can kill -9 it and start it again on the same data dir and port. Its output goes
 * to a log file in the bench's work folder (shown when it fails to start).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateToken } from '../../server/auth/token-format';

const REPO = path.resolve(__dirname, '..', '..');
const SERVER_ENTRY = path.join(REPO, 'server', 'build', 'main.js');
const TSC = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

/**
 * Compiles the server as `npm run server` does. Type errors do not stop the emit (no noEmitOnError),
 * and other people's half-finished edits elsewhere in the tree should not stop a soak: they are
 * returned as a warning, and only a missing entry point is fatal.
 */
export function compileServer(): { warning?: string } {
  const result = spawnSync(process.execPath, [TSC, '-b', 'server/tsconfig.json'], { cwd: REPO, encoding: 'utf8' });
  if (!existsSync(SERVER_ENTRY))
    throw new Error(`tsc -b server/tsconfig.json produced no ${SERVER_ENTRY}:\n${result.stdout}${result.stderr}`);
  if (result.status === 0) return {};
  const errors = `${result.stdout}${result.stderr}`.split('\n').filter((l) => /error TS/.test(l));
  return {
    warning: `tsc -b server/tsconfig.json reported ${errors.length} type error(s) (emitted anyway); first: ${errors[0] ?? '(none shown)'}`
  };
}

/** A port nobody listens on now (asked of the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface BackendProcess {
  readonly url: string;
  readonly adminToken: string;
  readonly dataDir: string;
  readonly logFile: string;
  readonly pid: number | undefined;
  /** Starts the backend and waits until it answers; resolves with the milliseconds that took. */
  start(): Promise<number>;
  /** SIGKILL to the backend process alone (what a crash does), then waits for it to be gone. */
  kill9(): Promise<void>;
  /** SIGTERM to its process group, SIGKILL after a grace period. */
  stop(): Promise<void>;
  /** Removes the work folder (data dir and log). */
  remove(): void;
}

export async function backendProcess(options: { env?: Record<string, string>; startTimeoutMs?: number } = {}): Promise<BackendProcess> {
  const work = mkdtempSync(path.join(tmpdir(), 'mlportal-bench-proc-'));
  const dataDir = path.join(work, 'data');
  const logFile = path.join(work, 'backend.log');
  const port = await freePort();
  const adminToken = generateToken();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? work,
    TMPDIR: process.env.TMPDIR ?? tmpdir(),
    MLPORTAL_DATA_DIR: dataDir,
    MLPORTAL_PORT: String(port),
    MLPORTAL_HOST: '127.0.0.1',
    MLPORTAL_ADMIN_TOKEN: adminToken,
    MLPORTAL_LOG_LEVEL: 'warn',
    ...options.env
  };
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const alive = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const logTail = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '(no log)');

  return {
    url,
    adminToken,
    dataDir,
    logFile,
    get pid() {
      return child?.pid;
    },
    async start() {
      if (alive()) throw new Error('the backend is already running');
      const out = openSync(logFile, 'a');
      const t0 = performance.now();
      const started = spawn(process.execPath, [SERVER_ENTRY], { cwd: REPO, env, stdio: ['ignore', out, out], detached: true });
      closeSync(out);
      child = started;
      exited = new Promise((resolve) => started.once('exit', () => resolve()));
      const deadline = Date.now() + (options.startTimeoutMs ?? 180_000);
      while (Date.now() < deadline) {
        if (started.exitCode !== null || started.signalCode !== null) {
          throw new Error(
            `the backend exited (${started.signalCode ?? `code ${started.exitCode}`}) before answering on ${url}; its log (${logFile}) ends:\n${logTail()}`
          );
        }
        try {
          const response = await fetch(`${url}/v2/health/live`, { signal: AbortSignal.timeout(2000) });
          if (response.status === 200) return performance.now() - t0;
        } catch {
          // Not listening yet.
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(
        `the backend did not answer on ${url} within ${Math.round((options.startTimeoutMs ?? 180_000) / 1000)} s; its log ends:\n${logTail()}`
      );
    },
    async kill9() {
      if (!alive()) throw new Error('the backend is not running');
      child!.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!alive()) return;
      const pid = child!.pid!;
      const signal = (s: NodeJS.Signals) => {
        try {
          process.kill(-pid, s);
        } catch {
          // Already gone.
        }
      };
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      signal('SIGKILL');
    },
    remove() {
      rmSync(work, { recursive: true, force: true });
    }
  };
}
