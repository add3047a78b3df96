// What keeps local jobs away from the backend (server/jobs/local/isolation): bubblewrap, and for a backend running as
// root, the unprivileged user jobs run as. Installed when possible (root with apt-get); otherwise the backend says at
// start that jobs are not isolated and only trusted roles may submit them, and this says how to fix it.
import { existsSync, readFileSync } from 'node:fs';
import { run } from '../lib/proc.mjs';

export const JOB_USER = 'mlportal-job';

const onPath = (program) => (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(`${dir}/${program}`));
const userExists = (name) =>
  readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .some((line) => line.split(':')[0] === name);

/** `required`: fail (the tests need the sandbox) instead of warning (npm start runs without it). */
export async function ensureJobSandbox({ required = false } = {}) {
  const root = process.getuid?.() === 0;
  if (!onPath('bwrap')) {
    if (root && onPath('apt-get')) {
      console.log('mlportal: installing bubblewrap with apt-get (the sandbox local jobs run in)');
      await run('apt-get', ['update', '-qq']);
      await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'bubblewrap'], {
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
      });
    } else {
      const message = 'bubblewrap is not installed, so local jobs cannot be sandboxed: run `sudo apt-get install -y bubblewrap`';
      if (required) throw new Error(message);
      console.warn(`mlportal: ${message} (until then only admins may submit jobs)`);
      return;
    }
  }
  if (root && !userExists(JOB_USER)) {
    console.log(`mlportal: creating the unprivileged user ${JOB_USER} that local jobs run as`);
    await run('useradd', ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', JOB_USER]);
  }
}
