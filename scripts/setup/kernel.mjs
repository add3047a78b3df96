// The tslab kernelspec, installed into the project's venv so its JupyterLab offers a TypeScript kernel.
// tslab ships no logos; kernels/tslab holds the template and a logo of ours.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, venvDir as defaultVenvDir } from '../lib/paths.mjs';

const templateDir = path.join(repoRoot, 'kernels', 'tslab');
const kernelName = 'tslab';

/**
 * Writes <venv>/share/jupyter/kernels/tslab/kernel.json (replacing an old one): this node (by absolute
 * path, so the kernel runs on the Node that installed it whatever PATH JupyterLab has) running the
 * project's tslab. Returns the kernelspec folder.
 */
export async function installKernel(venvDir = defaultVenvDir) {
  const tslabBin = path.join(repoRoot, 'node_modules', 'tslab', 'bin', 'tslab');
  if (!existsSync(tslabBin)) {
    throw new Error(`${tslabBin} is missing: install the npm packages first (npm ci)`);
  }
  const spec = JSON.parse(readFileSync(path.join(templateDir, 'kernel.json'), 'utf8'));
  const fill = { '@NODE@': process.execPath, '@TSLAB@': tslabBin };
  spec.argv = spec.argv.map((arg) => fill[arg] ?? arg);
  const left = spec.argv.filter((arg) => /^@[A-Z_]+@$/.test(arg));
  if (left.length > 0) throw new Error(`${templateDir}/kernel.json has unknown placeholders: ${left.join(', ')}`);

  const target = path.join(venvDir, 'share', 'jupyter', 'kernels', kernelName);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  writeFileSync(path.join(target, 'kernel.json'), JSON.stringify(spec, null, 2) + '\n');
  for (const file of readdirSync(templateDir)) {
    if (file.startsWith('logo-')) copyFileSync(path.join(templateDir, file), path.join(target, file));
  }
  return target;
}
