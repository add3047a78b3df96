// The project-local Python virtual environment (.venv) with JupyterLab: never system-wide.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, venvDir, venvBin } from '../lib/paths.mjs';
import { capture, run } from '../lib/proc.mjs';
import { hashFiles, hashOf, stampMatches, writeStamp } from '../lib/stamp.mjs';

const requirements = path.join(repoRoot, 'scripts', 'requirements', 'lab.txt');
const stampFile = path.join(venvDir, '.mlportal-stamp');

/** Finds a Python 3.10+ (MLPORTAL_PYTHON, else python3), naming what was wrong when there is none. */
async function findPython() {
  const candidate = process.env.MLPORTAL_PYTHON || 'python3';
  let version;
  try {
    version = await capture(candidate, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])']);
  } catch {
    throw new Error(`mlportal needs Python 3.10 or newer: "${candidate}" was not found (set MLPORTAL_PYTHON to a python3 executable)`);
  }
  const [major, minor] = version.split('.').map(Number);
  if (major !== 3 || minor < 10) {
    throw new Error(`mlportal needs Python 3.10 or newer; ${candidate} is ${version} (set MLPORTAL_PYTHON to another one)`);
  }
  return candidate;
}

export async function ensureVenv() {
  const python = await findPython();
  const hash = hashOf(hashFiles(requirements), await capture(python, ['--version']));
  if (existsSync(path.join(venvBin, 'jupyter-lab')) && stampMatches(stampFile, hash)) return;
  if (!existsSync(path.join(venvBin, 'python'))) {
    console.log(`mlportal: creating the Python virtual environment in ${path.relative(repoRoot, venvDir)}/`);
    await run(python, ['-m', 'venv', venvDir]);
  }
  console.log('mlportal: installing JupyterLab into .venv (pip)');
  await run(path.join(venvBin, 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements]);
  writeStamp(stampFile, hash);
}
