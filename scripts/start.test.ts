/**
 * `npm start` end to end, as a user runs it: installs nothing twice, starts the backend on the
 * embedded store and JupyterLab with the extension, the settings and the tslab kernel, prints one
 * URL, and Ctrl-C (SIGINT) stops everything it started.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { freePort, portAccepts } from '../server/testing/ports';
import { makeTempDir, TempDir } from '../server/testing/temp-dir';

const repoRoot = path.resolve(__dirname, '..');

interface Started {
  child: ChildProcess;
  url: URL;
  output: () => string;
}

function startMlportal(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'start.mjs')], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /^Open: (\S+)$/m.exec(output);
      if (match) resolve({ child, url: new URL(match[1]), output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`npm start exited (${code}) before printing a URL:\n${output}`)));
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });
}

describe('npm start', () => {
  let dataDir: TempDir;
  let env: NodeJS.ProcessEnv;
  let backendPort: number;
  let jupyterPort: number;

  beforeAll(async () => {
    dataDir = makeTempDir('start');
    backendPort = await freePort();
    jupyterPort = await freePort();
    env = {
      MLPORTAL_DATA_DIR: dataDir.path,
      MLPORTAL_PORT: String(backendPort),
      MLPORTAL_JUPYTER_PORT: String(jupyterPort),
      MLPORTAL_ADMIN_TOKEN: '',
      MLPORTAL_MONGO_URL: '',
      MLPORTAL_SEED_DEMO: '1',
      // The demo seed from the first 5,000 flights: the same path as the full 3 million, quicker.
      MLPORTAL_SEED_ROWS: '5000'
    };
  });

  afterAll(() => dataDir.remove());

  it('starts the backend and JupyterLab wired to it, and Ctrl-C stops both', async () => {
    const started = await startMlportal(env);
    try {
      const { url } = started;
      const jupyterToken = url.searchParams.get('token');
      expect(url.origin).toBe(`http://127.0.0.1:${jupyterPort}`);
      expect(url.pathname).toBe('/lab');
      expect(jupyterToken).toBeTruthy();
      const auth = { headers: { Authorization: `token ${jupyterToken}` } };

      const health = await (await fetch(`http://127.0.0.1:${backendPort}/api/v1/health`)).json();
      expect(health).toMatchObject({ status: 'ok', store: 'sqlite' });

      // The admin token was generated on first start, kept private, and handed to the panel's settings.
      const tokenFile = path.join(dataDir.path, 'admin-token');
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
      const settings = await (await fetch(`${url.origin}/lab/api/settings/mlportal:panel`, auth)).json();
      expect(settings.settings.backendUrl).toBe(`http://127.0.0.1:${backendPort}`);
      expect(settings.settings.token).toMatch(/^mlp_/);

      // The token the panel got is a working admin token, and the backend accepts the browser's origin.
      const whoami = await fetch(`http://127.0.0.1:${backendPort}/api/v1/auth/whoami`, {
        headers: { Authorization: `Bearer ${settings.settings.token}`, Origin: url.origin }
      });
      expect(whoami.status).toBe(200);
      expect(whoami.headers.get('access-control-allow-origin')).toBe(url.origin);
      expect((await whoami.json()).roles).toContain('admin');

      // The first start seeded the flights demo into the empty catalog.
      const groups = await (
        await fetch(`http://127.0.0.1:${backendPort}/api/v1/features/groups`, {
          headers: { Authorization: `Bearer ${settings.settings.token}` }
        })
      ).json();
      expect(groups.groups.map((g: { name: string }) => g.name).sort()).toEqual(['airport_delay_7d', 'flights', 'route_delay_30d']);

      // JupyterLab serves the prebuilt extension and offers the tslab kernel.
      const page = await (await fetch(`${url.origin}/lab`, auth)).text();
      expect(page).toContain('"name": "mlportal"');
      const kernelspecs = await (await fetch(`${url.origin}/api/kernelspecs`, auth)).json();
      expect(Object.keys(kernelspecs.kernelspecs)).toContain('tslab');
    } finally {
      started.child.kill('SIGINT');
    }
    expect(await exitOf(started.child)).toBe(0);
    expect(await portAccepts(backendPort)).toBe(false);
    expect(await portAccepts(jupyterPort)).toBe(false);
  }, 300_000);

  it('a second start reuses what is installed, keeps the admin token and leaves the catalog alone', async () => {
    const tokenBefore = readFileSync(path.join(dataDir.path, 'admin-token'), 'utf8');
    const started = await startMlportal(env);
    started.child.kill('SIGINT');
    expect(await exitOf(started.child)).toBe(0);
    expect(started.output()).not.toMatch(/mlportal: (installing|creating|building|seeded)/);
    expect(readFileSync(path.join(dataDir.path, 'admin-token'), 'utf8')).toBe(tokenBefore);
  }, 300_000);

  it('refuses bad settings with a message naming them', async () => {
    await expect(startMlportal({ ...env, MLPORTAL_SEED_ROWS: 'many' })).rejects.toThrow(/MLPORTAL_SEED_ROWS must be a whole number/);
    await expect(startMlportal({ ...env, MLPORTAL_JUPYTER_PORT: 'eighty' })).rejects.toThrow(/MLPORTAL_JUPYTER_PORT must be a port number/);
  });
});
