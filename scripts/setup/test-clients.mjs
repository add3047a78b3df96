// A test-only Python virtual environment (.venv-test-clients) with the real clients of the standards the server speaks
// (MLflow, the Open Inference Protocol, Prometheus) and SciPy, which tests drive against the server. Separate from .venv:
// JupyterLab never needs them.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../lib/paths.mjs';
import { capture, run } from '../lib/proc.mjs';
import { hashFiles, hashOf, stampMatches, writeStamp } from '../lib/stamp.mjs';

export const testClientsVenvDir = path.join(repoRoot, '.venv-test-clients');
export const testClientsPython = path.join(testClientsVenvDir, 'bin', 'python');
const requirements = path.join(repoRoot, 'scripts', 'requirements', 'test-clients.txt');
const stampFile = path.join(testClientsVenvDir, '.mlportal-stamp');

export async function ensureTestClients() {
  const python = process.env.MLPORTAL_PYTHON || 'python3';
  const hash = hashOf(hashFiles(requirements), await capture(python, ['--version']));
  if (existsSync(testClientsPython) && stampMatches(stampFile, hash)) return;
  if (!existsSync(testClientsPython)) {
    console.log(`mlportal: creating the test clients' environment in ${path.relative(repoRoot, testClientsVenvDir)}/`);
    await run(python, ['-m', 'venv', testClientsVenvDir]);
  }
  console.log('mlportal: installing the test clients into .venv-test-clients (pip)');
  await run(testClientsPython, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements]);
  writeStamp(stampFile, hash);
}

// `node scripts/setup/test-clients.mjs` installs it by hand (e.g. before running a test that needs it directly).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureTestClients().catch((err) => {
    console.error(`mlportal: ${err.message}`);
    process.exit(1);
  });
}
