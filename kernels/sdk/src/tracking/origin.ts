/**
 * Where the SDK runs, as a run's origin records it: the notebook (when a kernel runs it), the
 * kernel, and the git commit of the working directory. Node-only.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { Environment } from '../types';
import type { RunOrigin } from './types';

/** Set by the JupyterLab extension for each kernel: the notebook's path in Jupyter's file browser. */
export const NOTEBOOK_PATH_VARIABLE = 'MLPORTAL_NOTEBOOK_PATH';
/** Set by jupyter_server when it starts a kernel for a session: the notebook's path on disk. */
export const SESSION_NAME_VARIABLE = 'JPY_SESSION_NAME';
/** The kernel's name, for kernels other than tslab (tslab is told from its command line). */
export const KERNEL_VARIABLE = 'MLPORTAL_KERNEL';

const GIT_TIMEOUT_MS = 5_000;

export interface OriginContext {
  env?: Environment;
  /** The working directory whose git commit is recorded (default process.cwd()). */
  cwd?: string;
  /** The process's command line (default process.argv). */
  argv?: readonly string[];
}

/** The origin the SDK can tell by itself; fields it cannot tell are left out. */
export async function detectOrigin(context: OriginContext = {}): Promise<RunOrigin> {
  const env = context.env ?? process.env;
  const notebookPath = nonEmpty(env[NOTEBOOK_PATH_VARIABLE]) ?? nonEmpty(env[SESSION_NAME_VARIABLE]);
  const kernel = nonEmpty(env[KERNEL_VARIABLE]) ?? kernelFromCommandLine(context.argv ?? process.argv);
  const commit = await gitCommit(context.cwd ?? process.cwd());
  return {
    ...(notebookPath ? { notebookPath } : {}),
    ...(kernel ? { kernel } : {}),
    ...(commit ? { gitCommit: commit } : {}),
    source: notebookPath || kernel ? 'notebook' : 'sdk'
  };
}

/** HEAD's commit of the repository holding `cwd`; undefined outside a repository, before its first commit, or without git. */
export function gitCommit(cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd, timeout: GIT_TIMEOUT_MS, windowsHide: true }, (error, stdout) => {
      const commit = String(stdout ?? '').trim();
      resolve(!error && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit) ? commit : undefined);
    });
  });
}

/** "tslab" when this process is tslab's kernel (`node …/tslab kernel --config-path …`). */
export function kernelFromCommandLine(argv: readonly string[]): string | undefined {
  const launcher = argv.findIndex((arg) => path.basename(arg) === 'tslab');
  return launcher >= 0 && argv[launcher + 1] === 'kernel' ? 'tslab' : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
