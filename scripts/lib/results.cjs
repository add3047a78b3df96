// What a suite's runner left behind, turned into an honest count. CommonJS so that both the test
// script (ESM) and jest (which loads CommonJS) use this one copy; types in results.d.cts.
//
// The rules that keep the count honest:
//  - the results file is removed before the runner starts (runFresh), so a runner that
//    dies early cannot be credited with an earlier run's counts;
//  - a runner's non-zero exit fails the suite whatever its file says;
//  - a test that did not run (skipped, pending, todo, fixme, interrupted) is listed by name, and fails
//    the run unless declared, with a reason, in scripts/declared-skips.json;
//  - a suite that passed nothing failed, whatever else it reports.
'use strict';
const { existsSync, readFileSync, rmSync } = require('node:fs');
const path = require('node:path');

/**
 * Removes the results file, then runs `start` (which runs the runner and answers its exit), then reads
 * the file: whatever an earlier run left there can never be counted for this one.
 */
async function runFresh(resultsFile, start) {
  rmSync(resultsFile, { force: true });
  const exit = await start();
  return { exit, report: readResults(resultsFile) };
}

/** The parsed results file, or undefined when the runner wrote none (or an unreadable one). */
function readResults(file) {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** jest --json output → { passed, failed, notRun: [{ name, why }], notes }. Names: "<file relative to root> › <describe> › <test>". */
function countJest(report, root) {
  const count = { passed: 0, failed: 0, notRun: [], notes: [] };
  for (const suite of report.testResults ?? []) {
    const file = path.relative(root, suite.name);
    const tests = suite.assertionResults ?? [];
    // jest marks a file with .only "focused" (and its other tests pending): forbidden outright.
    if (suite.status === 'focused') fail(count, `${file} has a focused test (.only)`);
    // A file that failed without a failing test did not load, or a hook failed: a failure all the same.
    if (suite.status === 'failed' && !tests.some((t) => t.status === 'failed')) fail(count, `${file} failed outside its tests`);
    for (const test of tests) {
      if (test.status === 'passed') count.passed++;
      else if (test.status === 'failed') count.failed++;
      else count.notRun.push({ name: [file, ...(test.ancestorTitles ?? []), test.title].join(' › '), why: test.status });
    }
  }
  if (report.wasInterrupted) fail(count, 'jest was interrupted');
  return count;
}

/** Playwright JSON reporter output → the same shape. Names: "<spec file> › <describe> › <test> [<project>]". */
function countPlaywright(report) {
  const count = { passed: 0, failed: 0, notRun: [], notes: [] };
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const name = [spec.file, ...titles, spec.title].join(' › ') + (test.projectName ? ` [${test.projectName}]` : '');
        if (test.status === 'expected' || test.status === 'flaky') count.passed++;
        else if (test.status === 'unexpected') count.failed++;
        else count.notRun.push({ name, why: whyNotRun(test) });
      }
    }
    // The top-level suites are the spec files, titled with the file name the spec already carries.
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
  };
  for (const file of report.suites ?? []) walk(file, []);
  // Errors outside any test: a config error, a forbidden .only, a global timeout, a web server that did not start.
  for (const error of report.errors ?? []) fail(count, `playwright: ${firstLine(error.message)}`);
  return count;
}

function whyNotRun(test) {
  const results = test.results ?? [];
  if (results.length === 0) return 'not run';
  if (results.some((r) => r.status === 'interrupted')) return 'interrupted';
  const annotation = (test.annotations ?? []).find((a) => a.type === 'skip' || a.type === 'fixme');
  return annotation ? annotation.type : 'skipped';
}

/**
 * A runner's count with its exit folded in. `count` is undefined when it wrote no results.
 * A non-zero exit whose file reports no failure adds one; when the file reports failures, they are
 * the exit's reason and are not counted twice. The note says so either way.
 */
function withExit(runner, exit, count) {
  const how = exit.error ? `failed: ${exit.error}` : exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  if (!count) return { passed: 0, failed: 1, notRun: [], notes: [`${runner} wrote no results (it ${how})`] };
  if (exit.code === 0 && !exit.signal && !exit.error) return count;
  const notes = [...count.notes, `${runner} ${how}`];
  return { ...count, failed: count.failed === 0 ? 1 : count.failed, notes };
}

/** Focused tests found in the sources (focused.cjs) fail the suite, even when the runner ignored them. */
function withFocused(count, focused) {
  if (focused.length === 0) return count;
  return { ...count, failed: count.failed + focused.length, notes: [...count.notes, `${focused.length} focused test(s) in the sources`] };
}

/** A runner's count in the shape every suite answers: { passed, failed, skipped, note?, notRun }. */
function toSuite({ passed, failed, notRun, notes }) {
  return { passed, failed, skipped: notRun.length, notRun, ...(notes.length ? { note: notes.join('; ') } : {}) };
}

/**
 * The rules every suite answers to, the ones to come included: `result` is a suite's
 * { passed, failed, skipped, note?, notRun? } (notRun: the names of the tests that did not run).
 * Answers that result with the rules applied, plus the lines that list every test that did not run.
 */
function judge(suite, result, declaredSkips) {
  const notes = result.note ? [result.note] : [];
  const notRun = result.notRun ?? [];
  const declared = new Map(declaredSkips.filter((d) => d.suite === suite).map((d) => [d.test, d.reason]));
  let failed = result.failed;
  const lines = [];
  let undeclared = 0;
  for (const test of notRun) {
    const reason = declared.get(test.name);
    if (reason === undefined) undeclared++;
    lines.push(`  ${suite}: ${test.why}${reason === undefined ? ' (NOT DECLARED)' : ` (declared: ${reason})`}: ${test.name}`);
  }
  // A skip nobody can name cannot be declared.
  const unnamed = Math.max(0, (result.skipped ?? 0) - notRun.length);
  if (undeclared + unnamed > 0) {
    failed += undeclared + unnamed;
    notes.push(`${undeclared + unnamed} test(s) did not run and are not declared in scripts/declared-skips.json`);
  }
  for (const name of declared.keys())
    if (!notRun.some((t) => t.name === name))
      lines.push(`  ${suite}: declared as skipped but ran (drop it from scripts/declared-skips.json): ${name}`);
  // A suite that passed nothing has failed; when it already counts failures, the note says why it is red.
  if (result.passed === 0) {
    if (failed === 0) failed++;
    notes.push('passed no test');
  }
  return {
    result: { passed: result.passed, failed, skipped: notRun.length + unnamed, ...(notes.length ? { note: notes.join('; ') } : {}) },
    lines
  };
}

/** scripts/declared-skips.json: [{ suite, test, reason }]. A declaration without a reason is refused. */
function loadDeclaredSkips(file) {
  const list = JSON.parse(readFileSync(file, 'utf8')).skips;
  if (!Array.isArray(list)) throw new Error(`${file}: "skips" must be a list`);
  list.forEach((entry, i) => {
    for (const key of ['suite', 'test', 'reason']) {
      if (typeof entry?.[key] !== 'string' || entry[key].trim() === '')
        throw new Error(`${file}: skip ${i + 1} needs a non-empty "${key}"`);
    }
  });
  return list;
}

function fail(count, note) {
  count.failed++;
  count.notes.push(note);
}

function firstLine(message) {
  return (
    String(message ?? '')
      // eslint-disable-next-line no-control-regex -- the escape that starts a terminal colour code
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')[0]
      .slice(0, 300)
  );
}

module.exports = { runFresh, readResults, countJest, countPlaywright, withExit, withFocused, toSuite, judge, loadDeclaredSkips };
