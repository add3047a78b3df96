/**
 * How this backend keeps local jobs from itself, decided once at start. With bubblewrap on the PATH a
 * job runs in a sandbox (sandbox-args.ts), as an unprivileged user when the backend is root; the
 * sandbox is tried once with Node inside before it is trusted. Without it (or with
 * MLPORTAL_JOB_ISOLATION=none) a job could read the backend's secrets, so only trusted roles may
 * submit; MLPORTAL_JOB_ISOLATION=sandbox refuses to start instead.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, promises as fs, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobIsolationSettings } from '../../../config';
import { sdkNodeModules } from '../job-env';
import { resolveJobUser, type JobUser } from './job-user';
import { isWithin, sandboxArgs, type SandboxLayout } from './sandbox-args';

export type Isolation =
  | { kind: 'sandbox'; bwrap: string; user?: JobUser & { setpriv: string }; layout: SandboxLayout; summary: string }
  | { kind: 'none'; summary: string };

const PROBE_TIMEOUT_MS = 15_000;

export class IsolationRequiredError extends Error {
  constructor(why: string) {
    super(`MLPORTAL_JOB_ISOLATION=sandbox, but jobs cannot be sandboxed here: ${why}`);
  }
}

export async function detectIsolation(settings: JobIsolationSettings, dataDir: string): Promise<Isolation> {
  if (settings.mode === 'none') return unisolated('MLPORTAL_JOB_ISOLATION=none', settings);
  const sandbox = await trySandbox(settings, dataDir);
  if ('kind' in sandbox) return sandbox;
  if (settings.mode === 'sandbox') throw new IsolationRequiredError(sandbox.problem);
  return unisolated(sandbox.problem, settings);
}

function unisolated(why: string, settings: JobIsolationSettings): Isolation {
  return {
    kind: 'none',
    summary: `local jobs are NOT isolated (${why}): they run as the backend's own user, so only ${settings.trustedRoles.join(', ')} may submit them (MLPORTAL_TRUSTED_JOB_ROLES)`
  };
}

async function trySandbox(settings: JobIsolationSettings, dataDir: string): Promise<Isolation | { problem: string }> {
  const bwrap = onPath('bwrap');
  if (!bwrap) return { problem: 'bubblewrap (bwrap) is not installed' };
  const asRoot = process.getuid?.() === 0;
  let user: (JobUser & { setpriv: string }) | undefined;
  if (asRoot) {
    const found = resolveJobUser(settings.user);
    if ('problem' in found) return { problem: found.problem };
    const setpriv = onPath('setpriv');
    if (!setpriv) return { problem: 'setpriv (util-linux) is not installed, so a root backend cannot run jobs as another user' };
    user = { ...found, setpriv };
  }
  const layout = sandboxLayout(dataDir, user !== undefined, settings.readable);
  const problem = await probe(bwrap, layout, user, dataDir);
  if (problem) return { problem: `the bubblewrap sandbox does not start here: ${problem}` };
  return {
    kind: 'sandbox',
    bwrap,
    ...(user ? { user } : {}),
    layout,
    summary: `local jobs run in a bubblewrap sandbox${user ? ` as user ${user.name}` : ''}, without access to the data directory or the backend's processes`
  };
}

/** What a job must still read (this checkout's node_modules, Node itself, what the admin adds) and what it must never see. */
export function sandboxLayout(dataDir: string, otherUser: boolean, extra: readonly string[] = []): SandboxLayout {
  const modules = sdkNodeModules();
  const checkout = modules ? path.dirname(modules) : path.resolve(__dirname, '../../../..');
  const readable = [checkout, path.dirname(path.dirname(process.execPath)), ...extra.filter((dir) => existsSync(dir))];
  const homes = [os.homedir(), ...(process.getuid?.() === 0 ? ['/root'] : [])].filter((dir) => dir !== '/' && existsSync(dir));
  // Another user cannot pass a folder closed to others on the way to the checkout: an empty one replaces it, and the checkout is mounted back.
  const closed = otherUser ? readable.map((dir) => closedAncestors(dir)[0]).filter((dir): dir is string => dir !== undefined) : [];
  const hidden = [...new Set([...homes, ...closed])].filter((dir) => !readable.some((r) => isWithin(dir, r) && dir !== r));
  // Likewise on the way to the data directory (say a private folder inside the checkout that holds it): the empty
  // folder then replaces that one, which hides the data directory with it. One that holds the checkout is passed above.
  const dataCover = otherUser ? closedAncestors(dataDir).find((dir) => !readable.some((r) => isWithin(r, dir))) : undefined;
  return { hidden, readable, hiddenAfter: [dataCover ?? dataDir] };
}

/** The folders above `dir` that others may not pass (no x bit for others), outermost first. */
function closedAncestors(dir: string): string[] {
  const parts = path.resolve(dir).split(path.sep).filter(Boolean);
  const closed: string[] = [];
  for (let i = 1; i < parts.length; i++) {
    const ancestor = path.sep + parts.slice(0, i).join(path.sep);
    if (existsSync(ancestor) && (statSync(ancestor).mode & 0o001) === 0) closed.push(ancestor);
  }
  return closed;
}

/** Runs Node in the sandbox once: it must start, and must not see the data directory's files. */
async function probe(
  bwrap: string,
  layout: SandboxLayout,
  user: (JobUser & { setpriv: string }) | undefined,
  dataDir: string
): Promise<string | undefined> {
  const base = path.join(dataDir, 'jobs', '.sandbox-probe');
  const folders = { work: path.join(base, 'work'), outputs: path.join(base, 'outputs'), tmp: path.join(base, 'tmp'), devices: [] };
  await fs.rm(base, { recursive: true, force: true });
  for (const dir of [folders.work, folders.outputs, folders.tmp]) {
    await fs.mkdir(dir, { recursive: true });
    if (user) await fs.chown(dir, user.uid, user.gid);
  }
  const secret = path.join(dataDir, 'jobs', '.sandbox-probe-secret');
  await fs.writeFile(secret, '');
  const code = `process.exit(require('fs').existsSync(${JSON.stringify(secret)}) ? 3 : 0)`;
  const args = sandboxArgs(layout, folders, [process.execPath, '-e', code], user);
  try {
    return await new Promise<string | undefined>((resolve) => {
      const child = spawn(bwrap, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      const timer = setTimeout(() => child.kill('SIGKILL'), PROBE_TIMEOUT_MS);
      child.once('error', (err) => resolve(err.message));
      child.once('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(undefined);
        else if (code === 3) resolve('a job could still see the data directory');
        else resolve(stderr.trim().split('\n')[0] || `exit code ${code}`);
      });
    });
  } finally {
    await fs.rm(base, { recursive: true, force: true });
    await fs.rm(secret, { force: true });
  }
}

function onPath(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
