// A test-only Python virtual environment (.venv-mlflow-test) with the real MLflow client, which the MLflow-compatible
// API test (server/mlflow/mlflow-client.test.ts) drives against the server. Separate from .venv: JupyterLab never needs it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../lib/paths.mjs';
import { capture, run } from '../lib/proc.mjs';
import { hashFiles, hashOf, stampMatches, writeStamp } from '../lib/stamp.mjs';

export const mlflowVenvDir = path.join(repoRoot, '.venv-mlflow-test');
export const mlflowPython = path.join(mlflowVenvDir, 'bin', 'python');
const requirements = path.join(repoRoot, 'scripts', 'requirements', 'mlflow-test.txt');
const stampFile = path.join(mlflowVenvDir, '.mlportal-stamp');

export async function ensureMlflowClient() {
  const python = process.env.MLPORTAL_PYTHON || 'python3';
  const hash = hashOf(hashFiles(requirements), await capture(python, ['--version']));
  if (existsSync(mlflowPython) && stampMatches(stampFile, hash)) return;
  if (!existsSync(mlflowPython)) {
    console.log(`mlportal: creating the MLflow client test environment in ${path.relative(repoRoot, mlflowVenvDir)}/`);
    await run(python, ['-m', 'venv', mlflowVenvDir]);
  }
  console.log('mlportal: installing the MLflow client into .venv-mlflow-test (pip)');
  await run(mlflowPython, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements]);
  writeStamp(stampFile, hash);
}

// `node scripts/setup/mlflow-client.mjs` installs it by hand (e.g. before running its jest test directly).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureMlflowClient().catch((err) => {
    console.error(`mlportal: ${err.message}`);
    process.exit(1);
  });
}
