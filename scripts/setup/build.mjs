// Compiles the backend and the SDK (tsc -b: incremental, a second run with no change is quick),
// then builds the prebuilt JupyterLab extension.
import path from 'node:path';
import { repoRoot } from '../lib/paths.mjs';
import { run } from '../lib/proc.mjs';
import { buildLabextension } from './labextension.mjs';

export async function buildAll() {
  const tsc = path.join(repoRoot, 'node_modules', '.bin', 'tsc');
  await run(tsc, ['-b', 'server/tsconfig.json', 'kernels/sdk/tsconfig.json'], { cwd: repoRoot });
  await buildLabextension();
}
