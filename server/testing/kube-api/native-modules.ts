/**
 * ES-module-only packages (@kubernetes/client-node, kubernetes-models) for tests. Jest's sandboxed require cannot load
 * ES modules before Node 24.9, while Node itself (≥ 20.19) can: these load them through Node's own CommonJS loader, as the
 * built server does. What they return lives outside Jest's module registry (one copy per worker, shared by its test files).
 */
import { existsSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import type { ClientNode } from '../../platform/kubernetes/client-node';

interface NodeLoader {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
  _nodeModulePaths(from: string): string[];
}

const nodeLoader = Module as unknown as NodeLoader & typeof Module;

function loadNatively(request: string): unknown {
  const parent = new Module(__filename);
  parent.filename = __filename;
  parent.paths = nodeLoader._nodeModulePaths(__dirname);
  return nodeLoader._load(request, parent, false);
}

export function clientNodeForTests(): ClientNode {
  return loadNatively('@kubernetes/client-node') as ClientNode;
}

/** A file of the kubernetes-models package by its path inside the package ("batch/v1/Job.js"). */
export function kubernetesModelsFile<T>(relativePath: string): T {
  // The package's "exports" offer only the import condition; a file path bypasses it.
  const packageDir = nodeLoader
    ._nodeModulePaths(__dirname)
    .map((dir) => path.join(dir, 'kubernetes-models'))
    .find((dir) => existsSync(path.join(dir, 'package.json')));
  if (!packageDir) throw new Error('kubernetes-models is not installed (a devDependency of @mlportal/server)');
  return loadNatively(path.join(packageDir, relativePath)) as T;
}
