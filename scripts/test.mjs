// npm test: every suite (a type check of everything incl. tests; jest: unit + backend integration on SQLite and FerretDB; galata: UI in
// JupyterLab in headless Chromium; lint: ESLint and Prettier's check), installing what it needs, then ONE closing line summing them all.
// `npm test -- types`, `npm test -- lint`, `npm test -- jest`, `npm test -- fuzz` or `npm test -- ui` runs one suite.
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { prepare } from './setup/index.mjs';
import { labSettingsDir, writePanelSettings } from './setup/lab-settings.mjs';
import { runFuzz } from './setup/fuzz.mjs';
import { runLint } from './setup/lint.mjs';
import { ensureNodeDeps } from './setup/node-deps.mjs';
import { ensureTestClients } from './setup/test-clients.mjs';
import { repoRoot, typescriptCompiler, venvBin } from './lib/paths.mjs';
import { freePort } from './lib/ports.mjs';
import { run, runForExit } from './lib/proc.mjs';
import { findFocused, testFiles } from './lib/focused.cjs';
import { countJest, countPlaywright, judge, loadDeclaredSkips, runFresh, toSuite, withExit, withFocused } from './lib/results.cjs';

const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);
const workDir = path.join(repoRoot, '.mlportal-test');
const needOnlyNodeDeps = new Set(['lint']);

const suites = {
  // ts-jest only transpiles (isolatedModules), so the tests' own types are checked here, once, for the whole tree.
  async types() {
    try {
      await run(typescriptCompiler, ['-p', 'tsconfig.check.json'], { cwd: repoRoot });
      return { passed: 1, failed: 0, skipped: 0 };
    } catch (err) {
      console.error(`mlportal: ${err.message}`);
      return { passed: 0, failed: 1, skipped: 0, note: 'type errors above' };
    }
  },
  // ESLint and Prettier over the tree, one result per tool (scripts/setup/lint.mjs).
  async lint() {
    return runLint({ workDir });
  },
  async jest({ ferretdb }) {
    const results = path.join(workDir, 'jest-results.json');
    const focused = focusedIn(['server', 'kernels', 'scripts', 'extension'], /\.test\.tsx?$/);
    // --ci: a missing snapshot fails instead of being written.
    const { exit, report } = await runFresh(results, () =>
      runner(bin('jest'), ['--ci', '--json', `--outputFile=${results}`], { MLPORTAL_FERRETDB_BIN: ferretdb })
    );
    return toSuite(withFocused(withExit('jest', exit, report && countJest(report, repoRoot)), focused));
  },
  // A bounded Schemathesis run against schema/openapi.json and a real seeded backend (scripts/setup/fuzz.mjs).
  async fuzz() {
    return runFuzz({ workDir: path.join(workDir, 'fuzz') });
  },
  async ui({ chromium }) {
    const results = path.join(workDir, 'playwright-results.json');
    const uiDir = path.join(workDir, 'ui');
    rmSync(uiDir, { recursive: true, force: true });
    const backendPort = await freePort();
    const jupyterPort = await freePort();
    const token = `mlp_${randomBytes(32).toString('base64url')}`;
    const settingsDir = labSettingsDir(uiDir);
    writePanelSettings(settingsDir, { backendUrl: `http://127.0.0.1:${backendPort}`, token });
    const notebooks = path.join(uiDir, 'notebooks');
    mkdirSync(notebooks, { recursive: true });
    const focused = focusedIn(['ui-tests'], /\.spec\.ts$/);
    const { exit, report } = await runFresh(results, () =>
      runner(bin('playwright'), ['test', '-c', 'ui-tests/playwright.config.ts'], {
        MLPORTAL_CHROMIUM: chromium,
        MLPORTAL_UI_BACKEND_PORT: String(backendPort),
        MLPORTAL_UI_JUPYTER_PORT: String(jupyterPort),
        MLPORTAL_UI_DATA_DIR: path.join(uiDir, 'data'),
        MLPORTAL_UI_ADMIN_TOKEN: token,
        JUPYTERLAB_SETTINGS_DIR: settingsDir,
        // Inside the checkout, so tslab notebooks resolve @mlportal/sdk from node_modules.
        JUPYTERLAB_GALATA_ROOT_DIR: notebooks,
        PLAYWRIGHT_JSON_OUTPUT_NAME: results,
        PATH: `${venvBin}${path.delimiter}${process.env.PATH}`
      })
    );
    return toSuite(withFocused(withExit('playwright', exit, report && countPlaywright(report)), focused));
  }
};

/** A suite's runner, run to its end; how it ended is judged with its results (scripts/lib/results.cjs). */
function runner(cmd, args, extraEnv) {
  return runForExit(cmd, args, { cwd: repoRoot, env: { ...process.env, ...extraEnv } });
}

/** Focused tests in the sources, printed; they fail the suite even when the runner ignored them. */
function focusedIn(roots, pattern) {
  const hits = findFocused(
    testFiles(
      roots.map((d) => path.join(repoRoot, d)),
      pattern
    ),
    repoRoot
  );
  for (const hit of hits) console.error(`mlportal: a focused test (remove the .only): ${hit}`);
  return hits;
}

async function main() {
  const chosen = process.argv.slice(2);
  for (const name of chosen)
    if (!suites[name]) throw new Error(`unknown suite "${name}"; the suites are: ${Object.keys(suites).join(', ')}`);
  const declaredSkips = loadDeclaredSkips(path.join(repoRoot, 'scripts', 'declared-skips.json'));
  mkdirSync(workDir, { recursive: true });
  const names = chosen.length ? chosen : Object.keys(suites);
  // The lint suite needs only the npm packages; the others need the build, the virtual environments and the browser.
  let tools = {};
  if (names.every((name) => needOnlyNodeDeps.has(name))) {
    await ensureNodeDeps();
  } else {
    tools = await prepare({ forTests: true });
    await ensureTestClients();
  }
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const lines = [];
  const notRunLines = [];
  for (const name of names) {
    // Every suite answers to the same rules (scripts/lib/results.cjs): at least one pass, no undeclared skip.
    const { result: c, lines: listed } = judge(name, await suites[name](tools), declaredSkips);
    notRunLines.push(...listed);
    lines.push(`  ${name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped${c.note ? ` (${c.note})` : ''}`);
    for (const k of Object.keys(totals)) totals[k] += c[k];
  }
  if (notRunLines.length) console.log(['', 'tests that did not run:', ...notRunLines].join('\n'));
  console.log(['', 'mlportal test summary:', ...lines].join('\n'));
  finish(totals);
}

function finish({ passed, failed, skipped }) {
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

main().catch((err) => {
  console.error(`mlportal: tests could not run: ${err.message}`);
  finish({ passed: 0, failed: 1, skipped: 0 });
});
