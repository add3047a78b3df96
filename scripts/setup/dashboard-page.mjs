// The standalone dashboard page's script (server/monitoring/dashboards/pages/browser/, TypeScript for the
// browser): type-checked by tsc -b with its own tsconfig (DOM library, no Node types) beside the backend,
// then bundled by esbuild into server/build/monitoring/dashboards/pages/browser/dashboard.js, the file
// the compiled backend serves as /dashboards/assets/dashboard.js. The bundling is the compiled
// backend's own (page-script.js), so the build and a backend run from the sources bundle alike.
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../lib/paths.mjs';

/** The browser script's tsconfig, for tsc -b (noEmit: it only checks). */
export const dashboardPageTsconfig = 'server/monitoring/dashboards/pages/browser/tsconfig.json';

/** Bundles the page script beside the compiled backend; run after tsc -b has compiled it. */
export async function bundleDashboardPage() {
  const require = createRequire(import.meta.url);
  const { writePageScript } = require(path.join(repoRoot, 'server', 'build', 'monitoring', 'dashboards', 'pages', 'page-script.js'));
  await writePageScript();
}
