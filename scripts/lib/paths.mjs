// Where things live in the checkout. Every script resolves paths from here, never from the cwd.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const venvDir = path.join(repoRoot, '.venv');
export const venvBin = path.join(venvDir, 'bin');
export const toolsDir = path.join(repoRoot, '.mlportal-tools');
export const serverEntry = path.join(repoRoot, 'server', 'build', 'main.js');

export function defaultDataDir(env = process.env) {
  return path.resolve(repoRoot, env.MLPORTAL_DATA_DIR || '.mlportal');
}
