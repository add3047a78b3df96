/**
 * The job a notebook's cells become: which image, program and args run them. Browser-safe; the
 * extension's "Submit to GPU cluster" builds its jobs with cellJob().
 */
import { MlportalError } from '../../errors';
import type { JobSpec } from '../types';
import { encodeCells } from './payload';

export type CellLanguage = 'typescript' | 'python';

/** The SDK's version, which names the tslab runtime image it ships in (a test keeps it equal to package.json's). */
export const SDK_VERSION = '0.1.0';

/** Default images: tslab and this SDK on Node for TypeScript; a slim CPython for Python. */
export const DEFAULT_CELL_IMAGES: Readonly<Record<CellLanguage, string>> = {
  typescript: `ghcr.io/mlportal/tslab-runtime:${SDK_VERSION}`,
  python: 'python:3.11-slim'
};

/**
 * Runs the SDK's cell runner, found the way Node finds any package: from the job's working
 * directory upwards (the local executor works under the data dir, by default inside the checkout,
 * so the checkout's node_modules answer) or NODE_PATH (the runtime image sets it).
 */
export const TYPESCRIPT_RUNNER_COMMAND: readonly string[] = [
  'node',
  '-e',
  "require('@mlportal/sdk/cell-runner').runCellJob(process.argv.slice(1))"
];

/**
 * Runs each cell in one namespace, in order, as a script would; a failing cell stops the job with
 * Python's traceback (naming `<cell N>`) and exit code 1.
 */
const PYTHON_BOOTSTRAP = [
  'import base64, json, sys',
  "cells = json.loads(base64.b64decode(''.join(sys.argv[1:])).decode('utf-8'))['cells']",
  "namespace = {'__name__': '__main__'}",
  'for number, source in enumerate(cells, 1):',
  "    exec(compile(source, '<cell %d>' % number, 'exec'), namespace)"
].join('\n');

/** python3, not python: the name every Python image and Linux distribution has (Debian has no plain `python`). */
export const PYTHON_RUNNER_COMMAND: readonly string[] = ['python3', '-c', PYTHON_BOOTSTRAP];

/** The part of a job's spec that runs the cells. */
export type CellJob = Required<Pick<JobSpec, 'image' | 'command' | 'args' | 'env'>>;

/** The image, command, args and environment that run `cells` (sources, in order) as a job. */
export function cellJob(language: CellLanguage, cells: readonly string[], options: { image?: string } = {}): CellJob {
  if (cells.length === 0) throw new MlportalError('there is no code to submit');
  const image = options.image?.trim() || DEFAULT_CELL_IMAGES[language];
  const args = encodeCells(cells);
  return language === 'typescript'
    ? { image, command: [...TYPESCRIPT_RUNNER_COMMAND], args, env: {} }
    : // Unbuffered, so print() lines reach the log (and the notebook) as they are printed.
      { image, command: [...PYTHON_RUNNER_COMMAND], args, env: { PYTHONUNBUFFERED: '1' } };
}
