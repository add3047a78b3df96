// The built SDK (kernels/sdk/lib), compiled first when missing or stale: the seed is a client of
// the backend like any notebook, and uses the SDK as one does.
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot, typescriptCompiler } from '../lib/paths.mjs';
import { run } from '../lib/proc.mjs';

/** Compiles the SDK (tsc -b: quick when nothing changed). */
export async function buildSdk() {
  await run(typescriptCompiler, ['-b', 'kernels/sdk/tsconfig.json'], { cwd: repoRoot });
}

/** The compiled SDK's Node entry (call buildSdk() first, or after `npm start` has built everything). */
export function loadSdk() {
  return createRequire(import.meta.url)(path.join(repoRoot, 'kernels', 'sdk', 'lib', 'index.js'));
}
