// The prebuilt JupyterLab extension: tsc (the SDK it bundles → kernels/sdk/lib/, extension/ → lib/),
// then the labextension builder (lib/ + the SDK core + style/ + schema/ → build/labextension/), then
// a copy into the venv's labextensions folder.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, typescriptCompiler, venvDir as defaultVenvDir } from '../lib/paths.mjs';
import { run } from '../lib/proc.mjs';
import { hashFiles, hashOf, stampMatches, writeStamp } from '../lib/stamp.mjs';

const packageName = 'mlportal';
const outputDir = path.join(repoRoot, 'build', 'labextension');
const stampFile = path.join(repoRoot, 'build', '.labextension-stamp');

// schema/ also holds the backend's OpenAPI document. The builder ships every file of schemaDir as a
// settings schema, and JupyterLab would then list a bogus `mlportal:openapi` plugin: keep it out.
const notSettingsSchemas = new Set(['openapi.json']);

// The extension bundles the SDK's client core (@mlportal/sdk/core) and the contract it is typed by, so a change to either rebuilds it.
const sourceRoots = ['extension', 'style', 'schema', 'kernels/sdk/src', 'contract/src'];
// This script too: a change to how the extension is built must rebuild it.
const sourceFiles = [
  'package.json',
  'tsconfig.json',
  'tsconfig.base.json',
  'install.json',
  'kernels/sdk/package.json',
  'kernels/sdk/tsconfig.json',
  'contract/package.json',
  'contract/tsconfig.json',
  'scripts/setup/labextension.mjs'
];

function binDir(venvDir) {
  return path.join(venvDir, process.platform === 'win32' ? 'Scripts' : 'bin');
}

function listSources() {
  const files = sourceFiles.map((f) => path.join(repoRoot, f));
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!/\.test\.tsx?$/.test(entry.name) && !notSettingsSchemas.has(entry.name)) files.push(full);
    }
  };
  for (const root of sourceRoots) walk(path.join(repoRoot, root));
  return files.sort();
}

/**
 * The installed JupyterLab's own core package description. Handing it to the builder pins the shared
 * packages to exactly the JupyterLab that will load the extension, and keeps the build offline:
 * without it, jupyter-builder looks up "@jupyterlab/core-meta" for the @jupyterlab/builder version
 * (4.5.11) on npm and GitHub, which fails. Found on disk rather than by asking Python, which takes
 * seconds to import jupyterlab and would slow down every `npm start`.
 */
function corePackageFile(venvDir) {
  const sitePackages =
    process.platform === 'win32'
      ? [path.join(venvDir, 'Lib', 'site-packages')]
      : (existsSync(path.join(venvDir, 'lib')) ? readdirSync(path.join(venvDir, 'lib')) : [])
          .filter((name) => name.startsWith('python'))
          .map((name) => path.join(venvDir, 'lib', name, 'site-packages'));
  const found = sitePackages.map((dir) => path.join(dir, 'jupyterlab', 'staging', 'package.json')).find((file) => existsSync(file));
  if (!found) {
    throw new Error(`JupyterLab is not installed in ${venvDir} (no jupyterlab/staging/package.json): delete ${venvDir} and run npm start`);
  }
  return found;
}

/**
 * Builds build/labextension unless nothing it is made from (extension/, style/, schema/, the SDK's
 * sources, the package.jsons, the tsconfigs, the installed JupyterLab) changed since the last build.
 * Returns whether it built.
 */
export async function buildLabextension({ venvDir = defaultVenvDir, force = false } = {}) {
  const coreFile = corePackageFile(venvDir);
  const hash = hashOf(hashFiles(coreFile, ...listSources()));
  if (!force && existsSync(path.join(outputDir, 'package.json')) && stampMatches(stampFile, hash)) {
    return false;
  }
  console.log('mlportal: building the JupyterLab extension');
  // Start clean, so no module or chunk of an old build lingers. --force because tsc's incremental
  // state (tsconfig.tsbuildinfo) does not notice a deleted lib/. tsc -b follows tsconfig.json's
  // reference to kernels/sdk and compiles the SDK first.
  rmSync(path.join(repoRoot, 'lib'), { recursive: true, force: true });
  rmSync(outputDir, { recursive: true, force: true });
  await run(process.execPath, [typescriptCompiler, '-b', 'tsconfig.json', '--force'], { cwd: repoRoot });
  await run(path.join(binDir(venvDir), 'jupyter-builder'), ['build', '--core-package-file', coreFile, '.'], {
    cwd: repoRoot
  });
  for (const name of notSettingsSchemas) {
    rmSync(path.join(outputDir, 'schemas', packageName, name), { force: true });
  }
  mkdirSync(path.dirname(stampFile), { recursive: true });
  writeStamp(stampFile, hash);
  return true;
}

/**
 * Installs the built extension into <venv>/share/jupyter/labextensions/mlportal (replacing an old
 * copy) with install.json, so JupyterLab in that venv loads it as a prebuilt extension.
 */
export async function installLabextension(venvDir = defaultVenvDir) {
  if (!existsSync(path.join(outputDir, 'package.json'))) {
    throw new Error(`${outputDir} is missing: build the extension first (buildLabextension)`);
  }
  const target = path.join(venvDir, 'share', 'jupyter', 'labextensions', packageName);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(outputDir, target, { recursive: true });
  cpSync(path.join(repoRoot, 'install.json'), path.join(target, 'install.json'));
  return target;
}
