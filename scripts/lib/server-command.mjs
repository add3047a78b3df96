// Runs a command of the compiled backend (server/build/...), compiling it first as `npm run server`
// does, with this process's arguments and settings; exits with its exit code.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { bundleDashboardPage, dashboardPageTsconfig } from '../setup/dashboard-page.mjs';
import { ensureNodeDeps } from '../setup/node-deps.mjs';
import { repoRoot, typescriptCompiler } from './paths.mjs';
import { run } from './proc.mjs';

export async function runServerCommand(entry, args) {
  try {
    await ensureNodeDeps();
    await run(typescriptCompiler, ['-b', 'server/tsconfig.json', dashboardPageTsconfig], { cwd: repoRoot });
    await bundleDashboardPage();
  } catch (err) {
    console.error(`mlportal: ${err.message}`);
    process.exit(1);
  }
  const child = spawn(process.execPath, [path.join(repoRoot, 'server', 'build', entry), ...args], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
