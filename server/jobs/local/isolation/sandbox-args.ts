/**
 * The bubblewrap command line for one job attempt. The job sees the machine's files read-only, but
 * not the backend: the data directory (database, artifacts, admin token) and the home folders are
 * replaced by empty folders, /proc is its own (a new process namespace, so the backend's
 * /proc/<pid>/environ does not exist there), and only its own work, output and temp folders are
 * writable. The network is the host's: jobs call the backend's API with their own token.
 */
import path from 'node:path';

export interface SandboxLayout {
  /** Replaced by empty folders: the data directory and home folders. */
  hidden: readonly string[];
  /** Read-only again after hiding (the checkout with node_modules, Node itself), in this order. */
  readable: readonly string[];
  /** Hidden last, after `readable` (a data directory inside the checkout). */
  hiddenAfter: readonly string[];
}

export interface AttemptFolders {
  work: string;
  outputs: string;
  /** Mounted at /tmp. */
  tmp: string;
  /** Device files the attempt may use (its GPUs). */
  devices: readonly string[];
}

/**
 * The bwrap arguments that run `command` in the sandbox. Started by root, bwrap mounts what it must (root can read
 * every source folder) and then `setpriv` becomes `user` with no capabilities left before the command runs. Started by
 * an ordinary user (no `user`), bwrap needs a user namespace of its own and drops its capabilities there.
 */
export function sandboxArgs(
  layout: SandboxLayout,
  folders: AttemptFolders,
  command: readonly string[],
  user?: { uid: number; gid: number; setpriv: string }
): string[] {
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--bind', folders.tmp, '/tmp'];
  for (const dir of layout.hidden) args.push('--tmpfs', dir);
  for (const dir of layout.readable) args.push(...openPathTo(dir, layout.hidden), '--ro-bind', dir, dir);
  for (const dir of layout.hiddenAfter) args.push('--tmpfs', dir);
  for (const dir of [folders.work, folders.outputs])
    args.push(...openPathTo(dir, [...layout.hidden, ...layout.hiddenAfter]), '--bind', dir, dir);
  for (const device of folders.devices) args.push('--dev-bind', device, device);
  args.push('--unshare-pid', '--unshare-ipc', '--unshare-uts', '--hostname', 'mlportal-job', '--die-with-parent');
  args.push('--chdir', folders.work, '--setenv', 'TMPDIR', '/tmp', '--setenv', 'HOME', folders.work);
  if (!user) return [...args, '--unshare-user', '--cap-drop', 'ALL', '--', ...command];
  const become = [
    user.setpriv,
    `--reuid=${user.uid}`,
    `--regid=${user.gid}`,
    '--clear-groups',
    '--bounding-set=-all',
    '--no-new-privs',
    '--'
  ];
  return [...args, '--', ...become, ...command];
}

/**
 * bwrap makes the folders on the way to a mount point inside an empty (hidden) folder readable by their owner alone;
 * the job's user could not pass them. They are made first, open to all, as the real ones usually are.
 */
function openPathTo(target: string, hidden: readonly string[]): string[] {
  const root = hidden.filter((dir) => isWithin(target, dir) && dir !== target).sort((a, b) => b.length - a.length)[0];
  if (root === undefined) return [];
  const args: string[] = [];
  for (let dir = path.dirname(target); dir !== root && isWithin(dir, root); dir = path.dirname(dir))
    args.unshift('--perms', '0755', '--dir', dir);
  return args;
}

/** Whether `inner` is `outer` or lies under it. */
export function isWithin(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
