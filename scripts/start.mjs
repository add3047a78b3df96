// npm start: install what is missing, start the backend on the embedded store and JupyterLab wired
// to it, print the URL to open. Ctrl-C stops everything it started.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { prepare } from './setup/index.mjs';
import { labSettingsDir, writePanelSettings } from './setup/lab-settings.mjs';
import { defaultDataDir, repoRoot, serverEntry, venvBin } from './lib/paths.mjs';
import { isPortFree, portSetting } from './lib/ports.mjs';
import { startService, waitForHttp } from './lib/proc.mjs';
import { seedDemoIfEmpty } from './seed/first-start.mjs';

const services = [];
let shuttingDown = false;

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  // JupyterLab first: its kernels may still be talking to the backend.
  for (const service of [...services].reverse()) await service.stop();
  process.exit(code);
}

async function main() {
  const env = process.env;
  const backendPort = portSetting(env, 'MLPORTAL_PORT', 8765);
  const jupyterPort = portSetting(env, 'MLPORTAL_JUPYTER_PORT', 8888);
  const dataDir = defaultDataDir(env);
  const notebookDir = path.resolve(repoRoot, env.MLPORTAL_NOTEBOOK_DIR || '.');
  const seed = seedSetting(env);
  for (const [name, port] of [
    ['MLPORTAL_PORT', backendPort],
    ['MLPORTAL_JUPYTER_PORT', jupyterPort]
  ]) {
    if (!(await isPortFree(port))) throw new Error(`port ${port} is in use: stop what holds it or set ${name} to another port`);
  }

  await prepare();

  const backendUrl = `http://127.0.0.1:${backendPort}`;
  const jupyterOrigins = [`http://127.0.0.1:${jupyterPort}`, `http://localhost:${jupyterPort}`];
  const corsOrigins = [env.MLPORTAL_CORS_ORIGINS, ...jupyterOrigins].filter(Boolean).join(',');
  const backend = startService('backend', process.execPath, [serverEntry], {
    env: {
      ...env,
      MLPORTAL_PORT: String(backendPort),
      MLPORTAL_HOST: '127.0.0.1',
      MLPORTAL_DATA_DIR: dataDir,
      MLPORTAL_CORS_ORIGINS: corsOrigins
    }
  });
  services.push(backend);
  watch(backend);
  const health = await (await waitForHttp(`${backendUrl}/api/v1/health`, { service: backend, accept: (s) => s === 200 })).json();

  const token = env.MLPORTAL_ADMIN_TOKEN || readAdminToken(dataDir);
  const settingsDir = labSettingsDir(dataDir);
  writePanelSettings(settingsDir, { backendUrl, token });
  // Runs while JupyterLab starts: a fresh clone opens on a catalog to discover.
  const seeding = seed.enabled ? seedOnFirstStart({ url: backendUrl, token, rows: seed.rows }) : Promise.resolve();

  const jupyterToken = randomBytes(24).toString('hex');
  const jupyter = startService(
    'jupyterlab',
    path.join(venvBin, 'jupyter'),
    [
      'lab',
      '--no-browser',
      '--ServerApp.ip=127.0.0.1',
      `--ServerApp.port=${jupyterPort}`,
      '--ServerApp.port_retries=0',
      `--IdentityProvider.token=${jupyterToken}`,
      `--ServerApp.root_dir=${notebookDir}`,
      // Jupyter refuses to start as root without it (containers, CI).
      ...(process.getuid?.() === 0 ? ['--allow-root'] : [])
    ],
    {
      cwd: notebookDir,
      env: {
        ...env,
        PATH: `${venvBin}${path.delimiter}${env.PATH}`,
        JUPYTERLAB_SETTINGS_DIR: settingsDir,
        JUPYTERLAB_WORKSPACES_DIR: path.join(dataDir, 'jupyter', 'workspaces'),
        // The tslab kernel inherits these: the SDK reads them, so no token is ever written into a notebook.
        MLPORTAL_URL: backendUrl,
        MLPORTAL_TOKEN: token
      }
    }
  );
  services.push(jupyter);
  watch(jupyter);
  await waitForHttp(`http://127.0.0.1:${jupyterPort}/api/status?token=${jupyterToken}`, { service: jupyter, accept: (s) => s === 200 });
  await seeding;

  console.log(
    [
      '',
      `mlportal is running (backend ${backendUrl}, store: ${health.store}, data in ${path.relative(repoRoot, dataDir) || '.'}/)`,
      `Open: http://127.0.0.1:${jupyterPort}/lab?token=${jupyterToken}`,
      'Press Ctrl-C to stop.',
      ''
    ].join('\n')
  );
}

/** MLPORTAL_SEED_DEMO=0 skips the demo seed; MLPORTAL_SEED_ROWS limits it to the first N flights. */
function seedSetting(env) {
  const enabled = (env.MLPORTAL_SEED_DEMO ?? '1') !== '0';
  const raw = env.MLPORTAL_SEED_ROWS;
  if (raw === undefined || raw === '') return { enabled };
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 3_000_000) {
    throw new Error(`MLPORTAL_SEED_ROWS must be a whole number from 1 to 3000000, got "${raw}"`);
  }
  return { enabled, rows: Number(raw) };
}

/** Seeds the flights demo when the catalog is empty. A failure is reported, never fatal: the rest still works. */
async function seedOnFirstStart({ url, token, rows }) {
  try {
    const seeded = await seedDemoIfEmpty({ url, token, rows, log: (line) => console.log(`[seed] ${line}`) });
    if (seeded) console.log('mlportal: seeded the flights demo catalog (open Feature Discovery in the left sidebar)');
  } catch (err) {
    console.error(`mlportal: seeding the demo failed: ${err.message}; run \`npm run seed\` to try again`);
  }
}

function readAdminToken(dataDir) {
  const file = path.join(dataDir, 'admin-token');
  if (!existsSync(file)) {
    throw new Error(
      `no admin token: ${file} is missing and MLPORTAL_ADMIN_TOKEN is unset (the backend writes the file on its first start)`
    );
  }
  return readFileSync(file, 'utf8').trim();
}

function watch(service) {
  service.exited.then(({ code, signal }) => {
    if (shuttingDown || service.stopping) return;
    console.error(`mlportal: ${service.name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the rest`);
    shutdown(1);
  });
}

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => shutdown(0));

main().catch(async (err) => {
  console.error(`mlportal: ${err.message}`);
  await shutdown(1);
});
