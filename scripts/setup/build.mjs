// Compiles the contract, the backend and the SDK (tsc -b: incremental, a second run with no change is quick),
// bundles the standalone dashboard page's script (./dashboard-page.mjs), then builds the prebuilt
// JupyterLab extension.
import { repoRoot, typescriptCompiler } from '../lib/paths.mjs';
import { run } from '../lib/proc.mjs';
import { bundleDashboardPage, dashboardPageTsconfig } from './dashboard-page.mjs';
import { buildLabextension } from './labextension.mjs';

export async function buildAll() {
  await run(typescriptCompiler, ['-b', 'server/tsconfig.json', dashboardPageTsconfig, 'kernels/sdk/tsconfig.json'], { cwd: repoRoot });
  await bundleDashboardPage();
  await buildLabextension();
}
