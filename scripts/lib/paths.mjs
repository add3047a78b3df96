// Where things live in the checkout. Every script resolves paths from here, never from the cwd.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const venvDir = path.join(repoRoot, '.venv');
export const venvBin = path.join(venvDir, 'bin');
export const toolsDir = path.join(repoRoot, '.mlportal-tools');
/**
 * The project's TypeScript compiler. Not node_modules/.bin/tsc: tslab's own TypeScript 5.0.4 also ships a `tsc`
 * bin, and npm may link that one there.
 */
export const typescriptCompiler = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
export const serverEntry = path.join(repoRoot, 'server', 'build', 'main.js');

export function defaultDataDir(env = process.env) {
  return path.resolve(repoRoot, env.MLPORTAL_DATA_DIR || '.mlportal');
}
