// The lint suite: ESLint (eslint.config.mjs) and Prettier's check (.prettierrc.json, .prettierignore) over the whole tree.
// One result per tool, passed when it found nothing; every problem is printed, file by file (scripts/lib/lint.cjs).
// Needs only the npm packages: no build, no virtual environment. `node scripts/setup/lint.mjs` runs it alone.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../lib/paths.mjs';
import { captureForExit, runForExit } from '../lib/proc.mjs';
import { combine, countEslint, countPrettier, oneResult } from '../lib/lint.cjs';
import { runFresh, toSuite, withExit } from '../lib/results.cjs';

const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);

/** The commands, as they run from the repository root (`resultsFile`: where ESLint writes its JSON report). */
function lintCommands(resultsFile) {
  return {
    eslint: [bin('eslint'), ['--format', 'json', '--output-file', resultsFile, '.']],
    // --list-different is --check with one file a line on stdout (the two cannot be combined).
    prettier: [bin('prettier'), ['--list-different', '.']]
  };
}

/** Runs the lint suite; resolves with { passed, failed, skipped, notRun, note? } like the suites of scripts/test.mjs. */
export async function runLint({ workDir = path.join(repoRoot, '.mlportal-test') } = {}) {
  mkdirSync(workDir, { recursive: true });
  const resultsFile = path.join(workDir, 'eslint-results.json');
  const commands = lintCommands(resultsFile);

  let started = Date.now();
  const eslintRun = await runFresh(resultsFile, () => runForExit(...commands.eslint, { cwd: repoRoot }));
  const eslint = countEslint(eslintRun.report, repoRoot);
  for (const line of eslint.lines) console.error(`eslint: ${line}`);
  console.log(`mlportal lint: eslint took ${seconds(started)} s`);

  started = Date.now();
  const prettierRun = await captureForExit(...commands.prettier, { cwd: repoRoot });
  const prettier = countPrettier(prettierRun.stdout);
  for (const file of prettier.files) console.error(`prettier: not formatted: ${file}`);
  console.log(`mlportal lint: prettier took ${seconds(started)} s`);

  return toSuite(
    combine(
      oneResult(withExit('eslint', eslintRun.exit, eslintRun.report === undefined ? undefined : eslint.count)),
      oneResult(withExit('prettier', prettierRun, prettierRun.error ? undefined : prettier.count))
    )
  );
}

function seconds(since) {
  return Math.round((Date.now() - since) / 100) / 10;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runLint();
  console.log(`lint: ${result.passed} passed, ${result.failed} failed${result.note ? ` (${result.note})` : ''}`);
  process.exit(result.failed > 0 || result.passed === 0 ? 1 : 0);
}
