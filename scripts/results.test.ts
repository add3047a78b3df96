/**
 * The test count of `npm test` (scripts/lib/results.cjs) rule by rule, fed crafted jest and Playwright
 * results shaped as the real runners write them, and then the real runners themselves.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, type TempDir } from '../server/testing/temp-dir';
import {
  countJest,
  countPlaywright,
  judge,
  loadDeclaredSkips,
  runFresh,
  toSuite,
  withExit,
  withFocused,
  type RunnerCount
} from './lib/results.cjs';

const repoRoot = path.resolve(__dirname, '..');
const clean = { code: 0, signal: null };

let dir: TempDir;
beforeEach(() => (dir = makeTempDir('results')));
afterEach(() => dir.remove());

const jestTest = (title: string, status: string, ancestorTitles: string[] = ['group']) => ({
  ancestorTitles,
  title,
  fullName: [...ancestorTitles, title].join(' '),
  status
});
const jestFile = (name: string, status: string, assertionResults: unknown[], message = '') => ({
  name: path.join(repoRoot, name),
  status,
  message,
  assertionResults
});
const jestReport = (testResults: unknown[], extra: Record<string, unknown> = {}) => ({
  success: true,
  wasInterrupted: false,
  testResults,
  ...extra
});
const count = (passed: number, failed = 0, extra: Partial<RunnerCount> = {}): RunnerCount => ({
  passed,
  failed,
  notRun: [],
  notes: [],
  ...extra
});

describe('a results file', () => {
  it('is removed before the runner starts, so a runner that dies before writing cannot be credited with an old run', async () => {
    const file = path.join(dir.path, 'jest-results.json');
    writeFileSync(file, JSON.stringify(jestReport([jestFile('server/a.test.ts', 'passed', [jestTest('old', 'passed')])])));
    const dying = await runFresh(file, async () => ({ code: 1, signal: null }));
    expect(dying.report).toBeUndefined();
    expect(withExit('jest', dying.exit, undefined)).toEqual({
      passed: 0,
      failed: 1,
      notRun: [],
      notes: ['jest wrote no results (it exited with code 1)']
    });

    const fresh = await runFresh(file, async () => {
      writeFileSync(
        file,
        JSON.stringify(jestReport([jestFile('server/a.test.ts', 'passed', [jestTest('new', 'passed'), jestTest('newer', 'passed')])]))
      );
      return clean;
    });
    expect(countJest(fresh.report, repoRoot).passed).toBe(2);
  });

  it('that is not JSON counts as no results', async () => {
    const file = path.join(dir.path, 'half.json');
    const { report } = await runFresh(file, async () => {
      writeFileSync(file, '{"testResults": [');
      return { code: null, signal: 'SIGKILL' };
    });
    expect(report).toBeUndefined();
  });
});

describe("a runner's exit", () => {
  it('fails the suite whatever the file says, keeping what it reported', () => {
    expect(withExit('jest', { code: 1, signal: null }, count(40))).toEqual(count(40, 1, { notes: ['jest exited with code 1'] }));
    expect(withExit('playwright', { code: null, signal: 'SIGKILL' }, count(3))).toMatchObject({
      passed: 3,
      failed: 1,
      notes: ['playwright was killed by SIGKILL']
    });
    expect(withExit('jest', { code: null, error: 'jest could not start: ENOENT' }, undefined)).toMatchObject({
      failed: 1,
      notes: ['jest wrote no results (it failed: jest could not start: ENOENT)']
    });
  });

  it('of 1 with failures reported is explained by them: noted, not counted twice', () => {
    expect(withExit('jest', { code: 1, signal: null }, count(40, 2))).toEqual(count(40, 2, { notes: ['jest exited with code 1'] }));
  });

  it('of 0 changes nothing', () => {
    expect(withExit('jest', clean, count(7))).toEqual(count(7));
  });
});

describe('jest results', () => {
  it('count passes and failures, and name every test that did not run', () => {
    const report = jestReport([
      jestFile('server/a.test.ts', 'failed', [
        jestTest('passes', 'passed'),
        jestTest('skipped one', 'pending'),
        jestTest('to do', 'todo'),
        jestTest('fails', 'failed')
      ]),
      jestFile('server/b.test.ts', 'passed', [jestTest('top level', 'passed', [])])
    ]);
    expect(countJest(report, repoRoot)).toEqual({
      passed: 2,
      failed: 1,
      notRun: [
        { name: `${path.join('server', 'a.test.ts')} › group › skipped one`, why: 'pending' },
        { name: `${path.join('server', 'a.test.ts')} › group › to do`, why: 'todo' }
      ],
      notes: []
    });
  });

  it('count a file that failed without a failing test (it did not load, or a hook failed) as a failure', () => {
    const report = jestReport([
      jestFile('server/broken.test.ts', 'failed', [], '  ● Test suite failed to run'),
      jestFile('server/hook.test.ts', 'failed', [jestTest('fine', 'passed')])
    ]);
    expect(countJest(report, repoRoot)).toMatchObject({
      passed: 1,
      failed: 2,
      notes: [
        `${path.join('server', 'broken.test.ts')} failed outside its tests`,
        `${path.join('server', 'hook.test.ts')} failed outside its tests`
      ]
    });
  });

  it('fail a focused file and an interrupted run', () => {
    const report = jestReport(
      [jestFile('server/c.test.ts', 'focused', [jestTest('focused', 'passed', []), jestTest('other', 'pending', [])])],
      { wasInterrupted: true }
    );
    const counted = countJest(report, repoRoot);
    expect(counted).toMatchObject({
      passed: 1,
      failed: 2,
      notes: [`${path.join('server', 'c.test.ts')} has a focused test (.only)`, 'jest was interrupted']
    });
    expect(counted.notRun).toEqual([{ name: `${path.join('server', 'c.test.ts')} › other`, why: 'pending' }]);
  });
});

describe('Playwright results', () => {
  const pwTest = (status: string, results: Array<{ status: string }>, annotations: Array<{ type: string }> = []) => ({
    status,
    results,
    annotations,
    projectName: 'chromium'
  });
  const spec = (title: string, test: unknown) => ({ title, file: 'jobs.spec.ts', tests: [test] });

  it('count expected and flaky as passed, unexpected as failed, and name skipped, fixme, interrupted and unrun tests', () => {
    const report = {
      stats: { expected: 2, flaky: 1, unexpected: 1, skipped: 4 },
      errors: [],
      suites: [
        {
          title: 'jobs.spec.ts',
          file: 'jobs.spec.ts',
          specs: [spec('top', pwTest('expected', [{ status: 'passed' }]))],
          suites: [
            {
              title: 'jobs panel',
              file: 'jobs.spec.ts',
              specs: [
                spec('passes', pwTest('expected', [{ status: 'passed' }])),
                spec('passes on retry', pwTest('flaky', [{ status: 'failed' }, { status: 'passed' }])),
                spec('fails', pwTest('unexpected', [{ status: 'failed' }])),
                spec('skipped', pwTest('skipped', [{ status: 'skipped' }], [{ type: 'skip' }])),
                spec('fixme', pwTest('skipped', [{ status: 'skipped' }], [{ type: 'fixme' }])),
                spec('cut short', pwTest('skipped', [{ status: 'interrupted' }])),
                spec('never started', pwTest('skipped', []))
              ]
            }
          ]
        }
      ]
    };
    expect(countPlaywright(report)).toEqual({
      passed: 3,
      failed: 1,
      notRun: [
        { name: 'jobs.spec.ts › jobs panel › skipped [chromium]', why: 'skip' },
        { name: 'jobs.spec.ts › jobs panel › fixme [chromium]', why: 'fixme' },
        { name: 'jobs.spec.ts › jobs panel › cut short [chromium]', why: 'interrupted' },
        { name: 'jobs.spec.ts › jobs panel › never started [chromium]', why: 'not run' }
      ],
      notes: []
    });
  });

  it('count each error outside a test (forbidOnly, a global timeout) as a failure', () => {
    const report = {
      stats: { expected: 0, flaky: 0, unexpected: 0, skipped: 0 },
      suites: [],
      errors: [
        { message: "Error: item focused with '.only' is not allowed due to the 'forbidOnly' option\nmore" },
        { message: '\u001b[31mTimed out waiting 4s for the test suite to run\u001b[39m' }
      ]
    };
    expect(countPlaywright(report)).toEqual({
      passed: 0,
      failed: 2,
      notRun: [],
      notes: [
        "playwright: Error: item focused with '.only' is not allowed due to the 'forbidOnly' option",
        'playwright: Timed out waiting 4s for the test suite to run'
      ]
    });
  });
});

describe('every suite', () => {
  const skipped = { name: 'server/a.test.ts › group › skipped one', why: 'pending' };

  it('must pass at least one test, whatever the other suites did', () => {
    expect(judge('jest', { passed: 0, failed: 0, skipped: 0 }, [])).toEqual({
      result: { passed: 0, failed: 1, skipped: 0, note: 'passed no test' },
      lines: []
    });
    // Already red: noted, not counted twice.
    expect(judge('fuzz', { passed: 0, failed: 2, skipped: 0, note: 'two 5xx' }, []).result).toEqual({
      passed: 0,
      failed: 2,
      skipped: 0,
      note: 'two 5xx; passed no test'
    });
    expect(judge('types', { passed: 1, failed: 0, skipped: 0 }, []).result).toEqual({ passed: 1, failed: 0, skipped: 0 });
  });

  it('fails on a test that did not run unless it is declared with a reason, and lists each by name', () => {
    const undeclared = judge('jest', toSuite(count(5, 0, { notRun: [skipped] })), []);
    expect(undeclared.result).toEqual({
      passed: 5,
      failed: 1,
      skipped: 1,
      note: '1 test(s) did not run and are not declared in scripts/declared-skips.json'
    });
    expect(undeclared.lines).toEqual(['  jest: pending (NOT DECLARED): server/a.test.ts › group › skipped one']);

    const declared = judge('jest', toSuite(count(5, 0, { notRun: [skipped] })), [
      { suite: 'jest', test: skipped.name, reason: 'needs a GPU' }
    ]);
    expect(declared.result).toEqual({ passed: 5, failed: 0, skipped: 1 });
    expect(declared.lines).toEqual(['  jest: pending (declared: needs a GPU): server/a.test.ts › group › skipped one']);

    // Declared for another suite: does not count here.
    expect(
      judge('jest', toSuite(count(5, 0, { notRun: [skipped] })), [{ suite: 'ui', test: skipped.name, reason: 'x' }]).result.failed
    ).toBe(1);
  });

  it('fails on skipped tests it cannot name (a suite that reports only a number)', () => {
    expect(judge('fuzz', { passed: 10, failed: 0, skipped: 2 }, []).result).toEqual({
      passed: 10,
      failed: 2,
      skipped: 2,
      note: '2 test(s) did not run and are not declared in scripts/declared-skips.json'
    });
  });

  it('lists a declaration whose test now runs, without failing', () => {
    const judged = judge('jest', { passed: 3, failed: 0, skipped: 0 }, [
      { suite: 'jest', test: 'server/a.test.ts › fixed', reason: 'was flaky' }
    ]);
    expect(judged.result.failed).toBe(0);
    expect(judged.lines).toEqual([
      '  jest: declared as skipped but ran (drop it from scripts/declared-skips.json): server/a.test.ts › fixed'
    ]);
  });

  it('fails on focused tests found in the sources', () => {
    expect(toSuite(withFocused(count(4), ['server/a.test.ts:3: it.on' + 'ly(...)']))).toEqual({
      passed: 4,
      failed: 1,
      skipped: 0,
      notRun: [],
      note: '1 focused test(s) in the sources'
    });
  });
});

describe('scripts/declared-skips.json', () => {
  it('is the one place skips are declared, each with a reason', () => {
    const declared = loadDeclaredSkips(path.join(repoRoot, 'scripts', 'declared-skips.json'));
    for (const entry of declared) expect(entry.reason.trim()).not.toBe('');
    const bad = path.join(dir.path, 'skips.json');
    writeFileSync(bad, JSON.stringify({ skips: [{ suite: 'jest', test: 'a › b', reason: ' ' }] }));
    expect(() => loadDeclaredSkips(bad)).toThrow('skip 1 needs a non-empty "reason"');
  });
});

describe('the real runners', () => {
  const only = ['it', 'only'].join('.');

  it('jest: its --json file is counted as the crafted one above says, and its exit code is seen', async () => {
    writeFileSync(
      path.join(dir.path, 'a.test.js'),
      "describe('group', () => {\n  it('passes', () => expect(1).toBe(1));\n  it.skip('skipped one', () => {});\n  it.todo('to do');\n  it('fails', () => expect(1).toBe(2));\n});\n"
    );
    writeFileSync(path.join(dir.path, 'b.test.js'), 'this is not JavaScript\n');
    writeFileSync(path.join(dir.path, 'c.test.js'), `${only}('focused', () => {});\nit('other', () => {});\n`);
    const file = path.join(dir.path, 'out.json');
    const jest = path.join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js');
    const { exit, report } = await runFresh(file, async () => {
      const done = spawnSync(
        process.execPath,
        [jest, '--ci', '--rootDir', dir.path, '-c', '{"testMatch":["**/*.test.js"]}', '--json', `--outputFile=${file}`],
        { cwd: dir.path, stdio: 'ignore' }
      );
      return { code: done.status, signal: done.signal };
    });
    expect(exit.code).toBe(1);
    const counted = withExit('jest', exit, countJest(report, dir.path));
    // jest runs the files in an order of its own.
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect({ ...counted, notRun: [...counted.notRun].sort(byName), notes: [...counted.notes].sort() }).toEqual({
      passed: 2,
      failed: 3,
      notRun: [
        { name: 'a.test.js › group › skipped one', why: 'pending' },
        { name: 'a.test.js › group › to do', why: 'todo' },
        { name: 'c.test.js › other', why: 'pending' }
      ],
      notes: ['b.test.js failed outside its tests', 'c.test.js has a focused test (.only)', 'jest exited with code 1']
    });
  }, 60_000);

  it('playwright: its JSON report is counted as the crafted one above says, and forbidOnly turns a .only into a failure', async () => {
    const tests = path.join(dir.path, 'tests');
    mkdirSync(tests);
    const playwrightTest = JSON.stringify(path.join(repoRoot, 'node_modules', '@playwright', 'test'));
    writeFileSync(
      path.join(tests, 'a.spec.js'),
      `const { test, expect } = require(${playwrightTest});\ntest.describe('group', () => {\n  test('passes', async () => expect(1).toBe(1));\n  test('fails', async () => expect(1).toBe(2));\n  test.skip('skipped', async () => {});\n  test.fixme('fixme', async () => {});\n});\n`
    );
    const config = path.join(dir.path, 'pw.config.js');
    writeFileSync(
      config,
      "module.exports = { testDir: './tests', reporter: [['json']], workers: 1, forbidOnly: true, projects: [{ name: 'p' }] };\n"
    );
    const file = path.join(dir.path, 'out.json');
    const playwright = path.join(repoRoot, 'node_modules', '@playwright', 'test', 'cli.js');
    const runPlaywright = () =>
      runFresh(file, async () => {
        // Playwright refuses to run where it sees jest's variables.
        const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('JEST')));
        const done = spawnSync(process.execPath, [playwright, 'test', '-c', config], {
          cwd: dir.path,
          stdio: 'ignore',
          env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: file }
        });
        return { code: done.status, signal: done.signal };
      });

    const first = await runPlaywright();
    expect(withExit('playwright', first.exit, countPlaywright(first.report))).toEqual({
      passed: 1,
      failed: 1,
      notRun: [
        { name: 'a.spec.js › group › skipped [p]', why: 'skip' },
        { name: 'a.spec.js › group › fixme [p]', why: 'fixme' }
      ],
      notes: ['playwright exited with code 1']
    });

    writeFileSync(
      path.join(tests, 'b.spec.js'),
      `const { test } = require(${playwrightTest});\ntest.${'only'}('focused', async () => {});\n`
    );
    const focused = await runPlaywright();
    const counted = withExit('playwright', focused.exit, countPlaywright(focused.report));
    expect(counted).toMatchObject({ passed: 0, failed: 1 });
    expect(counted.notes[0]).toContain("is not allowed due to the 'forbidOnly' option");
  }, 60_000);
});
