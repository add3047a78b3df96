// npm packages: installed from the committed lock when node_modules is missing or the lock changed.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../lib/paths.mjs';
import { run } from '../lib/proc.mjs';
import { hashFiles, stampMatches, writeStamp } from '../lib/stamp.mjs';

const stampFile = path.join(repoRoot, 'node_modules', '.mlportal-deps-stamp');

export async function ensureNodeDeps() {
  const inputs = [
    'package.json',
    'package-lock.json',
    'server/package.json',
    'kernels/sdk/package.json',
    'contract/package.json',
    '.npmrc'
  ];
  const hash = hashFiles(...inputs.map((f) => path.join(repoRoot, f)));
  if (existsSync(path.join(repoRoot, 'node_modules')) && stampMatches(stampFile, hash)) return;
  console.log('mlportal: installing npm packages from package-lock.json (npm ci; better-sqlite3 compiles, a minute or two)');
  await run('npm', ['ci', '--no-fund', '--no-audit'], { cwd: repoRoot });
  writeStamp(stampFile, hash);
}
