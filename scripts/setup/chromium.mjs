// Debian's Chromium for the UI tests: Playwright cannot download its own browser here.
import { existsSync } from 'node:fs';
import { run } from '../lib/proc.mjs';

export const chromiumPath = process.env.MLPORTAL_CHROMIUM || '/usr/bin/chromium';

export async function ensureChromium() {
  if (existsSync(chromiumPath)) return chromiumPath;
  if (process.env.MLPORTAL_CHROMIUM) {
    throw new Error(`MLPORTAL_CHROMIUM points at ${chromiumPath}, which does not exist`);
  }
  if (process.getuid?.() !== 0) {
    throw new Error('the UI tests need Chromium at /usr/bin/chromium: run `sudo apt-get install -y chromium` (or set MLPORTAL_CHROMIUM)');
  }
  console.log('mlportal: installing Chromium with apt-get (for the UI tests)');
  await run('apt-get', ['update', '-qq']);
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  });
  if (!existsSync(chromiumPath)) throw new Error(`apt-get installed chromium but ${chromiumPath} is still missing`);
  return chromiumPath;
}
