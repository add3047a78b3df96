/**
 * The backend as a process: the compiled server/build/main.js, started the way `npm run server`
 * starts it, talked to over HTTP, and stopped with a signal.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { makeTempDir, type TempDir } from './testing/temp-dir';

const repoRoot = path.join(__dirname, '..');
const entry = path.join(__dirname, 'build', 'main.js');

interface Started {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stdout(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let dir: TempDir;
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(() => {
  execFileSync(path.join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-b', 'server/tsconfig.json'], { cwd: repoRoot, stdio: 'pipe' });
});

beforeEach(() => {
  dir = makeTempDir('main');
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  dir.remove();
});

function run(env: Record<string, string>): {
  child: ChildProcessWithoutNullStreams;
  out: { stdout: string; stderr: string };
  exited: Started['exited'];
} {
  const child = spawn(process.execPath, [entry], {
    cwd: dir.path,
    env: { PATH: process.env.PATH ?? '', MLPORTAL_PORT: '0', MLPORTAL_DATA_DIR: path.join(dir.path, 'data'), ...env }
  });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal }))
  );
  return { child, out, exited };
}

async function start(env: Record<string, string> = {}): Promise<Started> {
  const { child, out, exited } = run(env);
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const match = /mlportal backend listening on (http:\/\/[^\s"]+) \(store: sqlite\)/.exec(out.stdout);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', look);
    void exited.then(({ code }) => reject(new Error(`the server exited (${code}) before listening:\n${out.stdout}\n${out.stderr}`)));
  });
  return { child, url, stdout: () => out.stdout, exited };
}

describe('main', () => {
  it('starts, generates an admin token file (0600), serves the API, and exits 0 on SIGTERM', async () => {
    const server = await start();
    const health = await fetch(`${server.url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', store: 'sqlite' });

    const tokenFile = path.join(dir.path, 'data', 'admin-token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenFile, 'utf8').trim();
    const whoami = await fetch(`${server.url}/api/v1/auth/whoami`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await whoami.json()).roles).toEqual(['admin']);
    expect(server.stdout()).toContain(tokenFile);
    expect(server.stdout()).not.toContain(token.slice(4));
    for (const line of server.stdout().trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();

    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.stdout()).toContain('mlportal backend stopped');
  });

  it('keeps its data and its admin token across a restart, and stops on SIGINT too', async () => {
    const first = await start();
    const tokenFile = path.join(dir.path, 'data', 'admin-token');
    const token = readFileSync(tokenFile, 'utf8');
    const created = await fetch(`${first.url}/api/v1/auth/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token.trim()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'survivor', roles: ['ml-engineer'] })
    });
    const survivor = await created.json();
    first.child.kill('SIGINT');
    expect((await first.exited).code).toBe(0);

    const second = await start();
    expect(readFileSync(tokenFile, 'utf8')).toBe(token);
    expect(second.stdout()).not.toContain('generated an admin token');
    const whoami = await fetch(`${second.url}/api/v1/auth/whoami`, { headers: { Authorization: `Bearer ${survivor.token}` } });
    expect((await whoami.json()).name).toBe('survivor');
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });

  it('uses MLPORTAL_ADMIN_TOKEN when given, and writes no token file', async () => {
    const token = `mlp_${'x'.repeat(43)}`;
    const server = await start({ MLPORTAL_ADMIN_TOKEN: token });
    const whoami = await fetch(`${server.url}/api/v1/auth/whoami`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await whoami.json()).roles).toEqual(['admin']);
    expect(() => statSync(path.join(dir.path, 'data', 'admin-token'))).toThrow();
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });

  it('exits 1 with a message naming the variable on a bad setting', async () => {
    const { out, exited } = run({ MLPORTAL_PORT: 'eighty' });
    expect((await exited).code).toBe(1);
    expect(out.stderr).toContain('MLPORTAL_PORT: must be a TCP port');
  });

  it('exits 1 saying so when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { out, exited } = run({ MLPORTAL_PORT: String(port) });
      expect((await exited).code).toBe(1);
      expect(out.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
    } finally {
      blocker.close();
    }
  });
});
