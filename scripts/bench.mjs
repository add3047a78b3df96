// npm run bench -- <suite>: runs bench/<suite>.ts (transpiled on load, like the tests' child processes).
// Each suite prints a human summary and, as its last line, one JSON object of its figures.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib/paths.mjs';
import { run } from './lib/proc.mjs';
import { ensureNodeDeps } from './setup/node-deps.mjs';

const benchDir = path.join(repoRoot, 'bench');
const available = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const [suite, ...given] = process.argv.slice(2);
// `npm run bench -- registry -- --runs 3` hands on a second `--`, which would make every option after it positional.
const args = given[0] === '--' ? given.slice(1) : given;

if (!suite || !available.includes(suite)) {
  console.error(`usage: npm run bench -- <suite> [options]; suites: ${available.join(', ') || '(none yet)'}`);
  process.exit(2);
}
try {
  await ensureNodeDeps();
  const registerTs = path.join(repoRoot, 'server', 'testing', 'register-ts.cjs');
  if (!existsSync(registerTs)) throw new Error(`${registerTs} is missing`);
  await run(process.execPath, ['--expose-gc', '-r', registerTs, path.join(benchDir, `${suite}.ts`), ...args], { cwd: repoRoot });
} catch (err) {
  console.error(`mlportal: bench ${suite} failed: ${err.message}`);
  process.exit(1);
}
