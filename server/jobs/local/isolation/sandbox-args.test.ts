/** The sandbox's command line: what is hidden, what is mounted back and in which order, and how a root backend's job drops to its user. */
import { sandboxArgs } from './sandbox-args';

const layout = { hidden: ['/root'], readable: ['/root/src/mlportal', '/usr'], hiddenAfter: ['/root/src/mlportal/.mlportal'] };
const folders = {
  work: '/root/src/mlportal/.mlportal/jobs/job-1/attempt-1/work',
  outputs: '/root/src/mlportal/.mlportal/jobs/job-1/attempt-1/outputs',
  tmp: '/root/src/mlportal/.mlportal/jobs/job-1/attempt-1/tmp',
  devices: ['/dev/nvidiactl', '/dev/nvidia1']
};

/** The arguments as [option, operands...] groups, for readable assertions. */
function options(args: string[]): string[] {
  return args
    .join(' ')
    .split(' --')
    .map((part, i) => (i === 0 ? part : `--${part}`));
}

describe('sandboxArgs', () => {
  it('hides the homes and the data directory, mounts back the checkout, then binds the job’s own folders and GPUs', () => {
    const args = sandboxArgs(layout, folders, ['node', 'train.js']);
    const order = options(args);
    const at = (text: string) => order.indexOf(text);
    expect(at('--tmpfs /root')).toBeLessThan(at('--ro-bind /root/src/mlportal /root/src/mlportal'));
    expect(at('--ro-bind /root/src/mlportal /root/src/mlportal')).toBeLessThan(at('--tmpfs /root/src/mlportal/.mlportal'));
    expect(at('--tmpfs /root/src/mlportal/.mlportal')).toBeLessThan(at(`--bind ${folders.work} ${folders.work}`));
    expect(order).toContain(`--bind ${folders.tmp} /tmp`);
    expect(order).toContain('--dev-bind /dev/nvidia1 /dev/nvidia1');
    expect(order).toEqual(
      expect.arrayContaining(['--proc /proc', '--unshare-pid', '--die-with-parent', '--unshare-user', '--cap-drop ALL'])
    );
    // The folders on the way to the job's own, inside the hidden data directory, are made passable first.
    expect(at('--dir /root/src/mlportal/.mlportal/jobs/job-1/attempt-1')).toBeLessThan(at(`--bind ${folders.work} ${folders.work}`));
    expect(args.slice(-3)).toEqual(['--', 'node', 'train.js']);
  });

  it('for a root backend, becomes the job user with no capabilities before the command runs', () => {
    const args = sandboxArgs(layout, folders, ['node', 'train.js'], { uid: 999, gid: 995, setpriv: '/usr/bin/setpriv' });
    expect(args).not.toContain('--unshare-user');
    const command = args.slice(args.indexOf('--') + 1);
    expect(command).toEqual([
      '/usr/bin/setpriv',
      '--reuid=999',
      '--regid=995',
      '--clear-groups',
      '--bounding-set=-all',
      '--no-new-privs',
      '--',
      'node',
      'train.js'
    ]);
  });
});
