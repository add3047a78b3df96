/**
 * A local job's environment, built from an allow-list: the backend's own environment holds its
 * secrets (MLPORTAL_* settings, cloud credentials, proxy passwords), so only what a program needs to
 * run (PATH, locale, time zone) is passed on, plus the job's own variables and its GPUs.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Variables a job gets from the backend's environment when set there; LC_* too. */
export const PASSED_ENV = ['PATH', 'LANG', 'LANGUAGE', 'TZ', 'TERM'] as const;
const FALLBACK_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function jobEnv(
  spec: { env: Record<string, string> },
  gpus: readonly string[],
  home: string,
  from: NodeJS.ProcessEnv = process.env
): Record<string, string> {
  const passed: Record<string, string> = {};
  for (const [key, value] of Object.entries(from)) {
    if (value !== undefined && ((PASSED_ENV as readonly string[]).includes(key) || key.startsWith('LC_'))) passed[key] = value;
  }
  const visible = gpus.join(',');
  return {
    PATH: FALLBACK_PATH,
    ...passed,
    HOME: home,
    ...sdkNodePath(),
    ...spec.env,
    CUDA_VISIBLE_DEVICES: visible,
    NVIDIA_VISIBLE_DEVICES: gpus.length > 0 ? visible : 'void'
  };
}

/**
 * Job code resolves `@mlportal/sdk` (and the cell runner) from the node_modules the backend uses, wherever its working
 * directory is (the data dir need not sit inside the checkout). A job's own NODE_PATH replaces it.
 */
function sdkNodePath(): { NODE_PATH?: string } {
  const modules = sdkNodeModules();
  return modules === undefined ? {} : { NODE_PATH: modules };
}

let sdkModules: string | null | undefined;
/** The node_modules folder that holds @mlportal/sdk, found from this file upwards; undefined when there is none. */
export function sdkNodeModules(): string | undefined {
  if (sdkModules === undefined) {
    sdkModules = null;
    for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules');
      if (existsSync(path.join(candidate, '@mlportal', 'sdk', 'package.json'))) {
        sdkModules = candidate;
        break;
      }
    }
  }
  return sdkModules ?? undefined;
}
