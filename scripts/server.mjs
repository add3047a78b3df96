// npm run server: the backend alone (settings from MLPORTAL_* in the environment; see the README).
import { ensureNodeDeps } from './setup/node-deps.mjs';
import { repoRoot, serverEntry, typescriptCompiler } from './lib/paths.mjs';
import { run } from './lib/proc.mjs';

try {
  await ensureNodeDeps();
  await run(typescriptCompiler, ['-b', 'server/tsconfig.json'], { cwd: repoRoot });
} catch (err) {
  console.error(`mlportal: ${err.message}`);
  process.exit(1);
}
// The backend replaces this process's role: signals reach it directly, its exit code is ours.
const { spawn } = await import('node:child_process');
const child = spawn(process.execPath, [serverEntry], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
