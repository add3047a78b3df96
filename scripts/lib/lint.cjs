// What the linters left behind, turned into the count every suite reports (scripts/lib/results.cjs): one result per
// tool, passed when it found nothing, failed otherwise, with a line for every problem so the output names them all.
// CommonJS, like results.cjs, so that both the test script (ESM) and jest use this one copy; types in lint.d.cts.
'use strict';
const path = require('node:path');

/**
 * ESLint's `--format json` report → { count, lines }: count is a RunnerCount (results.cjs) with one result for ESLint,
 * lines list every problem as "file:line:column  error|warning  message  (rule)". A warning fails as an error does
 * (the config warns only where a rule set chose to: still a problem to fix). No report, or one that linted no file,
 * is a failure: an empty pass would hide an ignore pattern that swallowed the tree.
 */
function countEslint(report, root) {
  if (!Array.isArray(report)) return { count: failedCount('eslint wrote no results'), lines: [] };
  if (report.length === 0) return { count: failedCount('eslint linted no file'), lines: [] };
  const lines = [];
  const files = new Set();
  let errors = 0;
  let warnings = 0;
  for (const result of report) {
    const file = path.relative(root, result.filePath ?? '');
    for (const message of result.messages ?? []) {
      files.add(file);
      const error = message.severity !== 1;
      if (error) errors++;
      else warnings++;
      const rule = message.ruleId ? `  (${message.ruleId})` : message.fatal ? '  (parse error)' : '';
      lines.push(
        `${file}:${message.line ?? 0}:${message.column ?? 0}  ${error ? 'error' : 'warning'}  ${firstLine(message.message)}${rule}`
      );
    }
  }
  if (lines.length === 0) return { count: passedCount(), lines };
  const note = `eslint: ${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files.size, 'file')}`;
  return { count: failedCount(note), lines };
}

/**
 * `prettier --list-different` standard output (one file a line, relative to where it ran) → { count, files }: one result
 * for Prettier, failed when a file is not formatted as .prettierrc.json says. Its exit status (2: a file it could not
 * parse, or no file matched) is folded in by withExit (results.cjs).
 */
function countPrettier(stdout) {
  const files = String(stdout ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (files.length === 0) return { count: passedCount(), files };
  return { count: failedCount(`prettier: ${plural(files.length, 'file')} not formatted (npx prettier --write <file>)`), files };
}

/**
 * A tool's count with its exit folded in (withExit of results.cjs), kept to the one result a tool has: a tool that
 * failed did not also pass (a non-zero exit that its output does not explain, such as a file Prettier could not parse).
 */
function oneResult(count) {
  return count.failed > 0 ? { ...count, passed: 0, failed: 1 } : count;
}

/** The tools' counts as one: passes, failures and notes added up. */
function combine(...counts) {
  return counts.reduce(
    (all, c) => ({
      passed: all.passed + c.passed,
      failed: all.failed + c.failed,
      notRun: [...all.notRun, ...c.notRun],
      notes: [...all.notes, ...c.notes]
    }),
    { passed: 0, failed: 0, notRun: [], notes: [] }
  );
}

function passedCount() {
  return { passed: 1, failed: 0, notRun: [], notes: [] };
}

function failedCount(note) {
  return { passed: 0, failed: 1, notRun: [], notes: [note] };
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function firstLine(text) {
  return String(text ?? '').split('\n')[0];
}

module.exports = { countEslint, countPrettier, oneResult, combine };
