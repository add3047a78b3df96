/**
 * The standalone page's script, /dashboards/assets/dashboard.js: the TypeScript module in browser/
 * (entry browser/main.ts, its own tsconfig with the DOM library) bundled by esbuild into one script.
 *
 * `npm run build` (scripts/setup/build.mjs) writes the bundle beside the compiled backend, as
 * server/build/monitoring/dashboards/pages/browser/dashboard.js, and the compiled server serves that
 * file. Where it is missing (a server run from the sources, as the jest tests do with ts-jest, or a
 * tsc-only build) the server bundles the sources in memory on the first request: esbuild is one of
 * the repository's development dependencies, not one of the server package's, and a server installed
 * without them finds its prebuilt bundle.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The bundle's first line, which says what it is and where it comes from. */
export const PAGE_SCRIPT_BANNER = '/* mlportal dashboard page: server/monitoring/dashboards/pages/browser/, bundled by esbuild */';

/** Where the build writes the bundle and the compiled server reads it: beside this module, in browser/. */
export const PREBUILT_PAGE_SCRIPT = path.join(__dirname, 'browser', 'dashboard.js');

/** browser/ in the sources, whether this module runs from them or from server/build/monitoring/dashboards/pages. */
function sourceDir(): string {
  const beside = path.join(__dirname, 'browser');
  if (existsSync(path.join(beside, 'main.ts'))) return beside;
  return path.resolve(__dirname, '..', '..', '..', '..', 'monitoring', 'dashboards', 'pages', 'browser');
}

/**
 * Bundles browser/main.ts and what it imports (vega-interpreter included; vega, vega-lite and
 * vega-embed stay separate assets, the globals their browser builds set) into one browser script.
 */
export async function bundlePageScript(): Promise<string> {
  const dir = sourceDir();
  const entry = path.join(dir, 'main.ts');
  if (!existsSync(entry)) throw new Error(`the dashboard page's sources are missing (${entry}) and no bundle was built: run npm run build`);
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    tsconfig: path.join(dir, 'tsconfig.json'),
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    charset: 'utf8',
    banner: { js: PAGE_SCRIPT_BANNER },
    logLevel: 'silent'
  });
  return result.outputFiles[0].text;
}

/** For the build: bundles and writes the file the compiled server serves. */
export async function writePageScript(file = PREBUILT_PAGE_SCRIPT): Promise<string> {
  const script = await bundlePageScript();
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, script);
  return file;
}

async function loadPageScript(): Promise<string> {
  try {
    return await readFile(PREBUILT_PAGE_SCRIPT, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return bundlePageScript();
}

let pending: Promise<string> | undefined;

/** The script, read or bundled once per process (a failure is retried on the next request). */
export function pageScript(): Promise<string> {
  pending ??= loadPageScript().catch((err: unknown) => {
    pending = undefined;
    throw err;
  });
  return pending;
}
