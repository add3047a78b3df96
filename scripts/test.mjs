// npm test: every suite (a type check of everything incl. tests; jest: unit + backend integration on SQLite and FerretDB; galata: UI in
// JupyterLab in headless Chromium), installing what it needs, then ONE closing line summing them all.
// `npm test -- types`, `npm test -- jest` or `npm test -- ui` runs one suite.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { prepare } from './setup/index.mjs';
import { labSettingsDir, writePanelSettings } from './setup/lab-settings.mjs';
import { ensureTestClients } from './setup/test-clients.mjs';
import { repoRoot, typescriptCompiler, venvBin } from './lib/paths.mjs';
import { freePort } from './lib/ports.mjs';
import { run } from './lib/proc.mjs';

const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);
const workDir = path.join(repoRoot, '.mlportal-test');

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
  async jest({ ferretdb }) {
    const results = path.join(workDir, 'jest-results.json');
    await runCounted(bin('jest'), ['--json', `--outputFile=${results}`], { MLPORTAL_FERRETDB_BIN: ferretdb });
    return countJest(results);
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
    await runCounted(bin('playwright'), ['test', '-c', 'ui-tests/playwright.config.ts'], {
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
    });
    return countPlaywright(results);
  }
};

/** Runs a suite's command; its exit code is not the verdict (the counts are), but a crash before any count is. */
async function runCounted(cmd, args, extraEnv) {
  try {
    await run(cmd, args, { cwd: repoRoot, env: { ...process.env, ...extraEnv } });
  } catch (err) {
    console.error(`mlportal: ${err.message}`);
  }
}

function countJest(file) {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0, note: 'jest wrote no results' };
  const r = JSON.parse(readFileSync(file, 'utf8'));
  // A suite that failed to load (syntax or import error) has no tests but is a failure all the same.
  const brokenSuites = r.testResults.filter((s) => s.testExecError || (s.status === 'failed' && s.assertionResults.length === 0)).length;
  return { passed: r.numPassedTests, failed: r.numFailedTests + brokenSuites, skipped: r.numPendingTests + r.numTodoTests };
}

function countPlaywright(file) {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0, note: 'playwright wrote no results' };
  const { stats, errors = [] } = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected + errors.length, skipped: stats.skipped };
}

async function main() {
  const chosen = process.argv.slice(2);
  for (const name of chosen) if (!suites[name]) throw new Error(`unknown suite "${name}"; the suites are: ${Object.keys(suites).join(', ')}`);
  mkdirSync(workDir, { recursive: true });
  const tools = await prepare({ forTests: true });
  await ensureTestClients();
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const lines = [];
  for (const name of chosen.length ? chosen : Object.keys(suites)) {
    const c = await suites[name](tools);
    lines.push(`  ${name}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped${c.note ? ` (${c.note})` : ''}`);
    for (const k of Object.keys(totals)) totals[k] += c[k];
  }
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
