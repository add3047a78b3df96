// Everything `npm start` and `npm test` need, installed or built when missing or out of date.
// Imports only Node built-ins before ensureNodeDeps() has run, so it works on a fresh clone.
import { venvDir } from '../lib/paths.mjs';
import { ensureNodeDeps } from './node-deps.mjs';
import { ensureVenv } from './venv.mjs';

export async function prepare({ forTests = false } = {}) {
  await ensureNodeDeps();
  await ensureVenv();
  const { buildAll } = await import('./build.mjs');
  await buildAll();
  const { installLabextension } = await import('./labextension.mjs');
  await installLabextension(venvDir);
  const { installKernel } = await import('./kernel.mjs');
  await installKernel(venvDir);
  const { ensureJobSandbox } = await import('./job-sandbox.mjs');
  await ensureJobSandbox({ required: forTests });
  if (!forTests) return {};
  const { ensureChromium } = await import('./chromium.mjs');
  const { ensureFerretdb } = await import('./ferretdb.mjs');
  return { chromium: await ensureChromium(), ferretdb: await ensureFerretdb() };
}
