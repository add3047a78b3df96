// Compiles the backend and the SDK (tsc -b: incremental, a second run with no change is quick),
// then builds the prebuilt JupyterLab extension.
import { repoRoot, typescriptCompiler } from '../lib/paths.mjs';
import { run } from '../lib/proc.mjs';
import { buildLabextension } from './labextension.mjs';

export async function buildAll() {
  await run(typescriptCompiler, ['-b', 'server/tsconfig.json', 'kernels/sdk/tsconfig.json'], { cwd: repoRoot });
  await buildLabextension();
}
