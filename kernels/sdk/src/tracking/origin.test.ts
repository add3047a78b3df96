/**
 * Origin detection against real git repositories in temporary folders and the variables Jupyter
 * and the extension set.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, type TempDir } from '../../../../server/testing/temp-dir';
import { detectOrigin, gitCommit, kernelFromCommandLine } from './origin';

const TSLAB_ARGV = ['/usr/bin/node', '/work/node_modules/tslab/bin/tslab', 'kernel', '--config-path', '/tmp/kernel-1.json'];
const SCRIPT_ARGV = ['/usr/bin/node', '/work/train.js'];

function git(cwd: string, ...args: string[]): string {
  // A fixed identity and no user config, so the test does not depend on the machine's git setup.
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd }
  }).trim();
}

describe('the origin the SDK detects', () => {
  let dir: TempDir;

  beforeEach(() => {
    dir = makeTempDir('sdk-origin');
  });

  afterEach(() => dir.remove());

  it('records the commit of the repository holding the working directory, also from a subfolder', async () => {
    const repo = path.join(dir.path, 'repo');
    mkdirSync(path.join(repo, 'notebooks'), { recursive: true });
    git(repo, 'init', '-q');
    writeFileSync(path.join(repo, 'README.md'), 'hello\n');
    git(repo, 'add', 'README.md');
    git(repo, 'commit', '-q', '-m', 'first');
    const head = git(repo, 'rev-parse', 'HEAD');
    expect(head).toMatch(/^[0-9a-f]{40}$/);

    await expect(gitCommit(path.join(repo, 'notebooks'))).resolves.toBe(head);
    const origin = await detectOrigin({ env: {}, cwd: path.join(repo, 'notebooks'), argv: SCRIPT_ARGV });
    expect(origin).toEqual({ gitCommit: head, source: 'sdk' });
  });

  it('records no commit, without an error, outside a repository, before its first commit, or in a missing folder', async () => {
    await expect(gitCommit(dir.path)).resolves.toBeUndefined();
    const empty = path.join(dir.path, 'empty');
    mkdirSync(empty);
    git(empty, 'init', '-q');
    await expect(gitCommit(empty)).resolves.toBeUndefined();
    await expect(gitCommit(path.join(dir.path, 'nowhere'))).resolves.toBeUndefined();
    await expect(detectOrigin({ env: {}, cwd: dir.path, argv: SCRIPT_ARGV })).resolves.toEqual({ source: 'sdk' });
  });

  it("takes the notebook path from MLPORTAL_NOTEBOOK_PATH before JPY_SESSION_NAME, and the kernel from tslab's command line", async () => {
    const both = { MLPORTAL_NOTEBOOK_PATH: 'examples/model-registry.ipynb', JPY_SESSION_NAME: '/home/me/examples/model-registry.ipynb' };
    await expect(detectOrigin({ env: both, cwd: dir.path, argv: TSLAB_ARGV })).resolves.toEqual({
      notebookPath: 'examples/model-registry.ipynb',
      kernel: 'tslab',
      source: 'notebook'
    });
    await expect(
      detectOrigin({ env: { JPY_SESSION_NAME: '/home/me/a.ipynb', MLPORTAL_NOTEBOOK_PATH: '  ' }, cwd: dir.path, argv: SCRIPT_ARGV })
    ).resolves.toEqual({
      notebookPath: '/home/me/a.ipynb',
      source: 'notebook'
    });
    await expect(detectOrigin({ env: { MLPORTAL_KERNEL: 'python3' }, cwd: dir.path, argv: TSLAB_ARGV })).resolves.toEqual({
      kernel: 'python3',
      source: 'notebook'
    });
  });

  it("tells tslab's kernel from its command line only", () => {
    expect(kernelFromCommandLine(TSLAB_ARGV)).toBe('tslab');
    expect(kernelFromCommandLine(['/usr/bin/node', '/work/node_modules/tslab/bin/tslab', 'install'])).toBeUndefined();
    expect(kernelFromCommandLine(SCRIPT_ARGV)).toBeUndefined();
  });
});
