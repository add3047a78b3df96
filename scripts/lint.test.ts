/**
 * The count of the lint suite (scripts/lib/lint.cjs): one result per tool, every problem named, fed crafted ESLint and
 * Prettier output shaped as the real tools write it, and then the real tools themselves on a folder of their own.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, type TempDir } from '../server/testing/temp-dir';
import { combine, countEslint, countPrettier, oneResult } from './lib/lint.cjs';
import { judge, runFresh, toSuite, withExit } from './lib/results.cjs';

const repoRoot = path.resolve(__dirname, '..');

let dir: TempDir;
beforeEach(() => (dir = makeTempDir('lint')));
afterEach(() => dir.remove());

type Message = { ruleId: string | null; severity: number; message: string; line: number; column: number; fatal?: boolean };
const message = (ruleId: string | null, severity: number, text: string, line = 1, column = 1, extra: Partial<Message> = {}): Message => ({
  ruleId,
  severity,
  message: text,
  line,
  column,
  ...extra
});
const eslintFile = (name: string, messages: Message[]) => ({
  filePath: path.join(repoRoot, name),
  messages,
  errorCount: messages.filter((m) => m.severity === 2).length,
  warningCount: messages.filter((m) => m.severity === 1).length
});

describe('ESLint results', () => {
  it('pass when no file has a problem', () => {
    expect(countEslint([eslintFile('server/a.ts', []), eslintFile('scripts/b.mjs', [])], repoRoot)).toEqual({
      count: { passed: 1, failed: 0, notRun: [], notes: [] },
      lines: []
    });
  });

  it('fail once for the tool, naming every problem by file, line, column and rule; a warning fails as an error does', () => {
    const report = [
      eslintFile('server/a.ts', [
        message('@typescript-eslint/no-floating-promises', 2, 'Promises must be awaited', 12, 5),
        message('react-hooks/exhaustive-deps', 1, 'React Hook useEffect has a missing dependency', 30, 6)
      ]),
      eslintFile('server/clean.ts', []),
      eslintFile('extension/b.tsx', [message(null, 2, "Parsing error: '}' expected.\nmore detail", 3, 1, { fatal: true })]),
      eslintFile('scripts/c.mjs', [
        message(null, 2, "Unused eslint-disable directive (no problems were reported from 'no-console').", 7, 3)
      ])
    ];
    const { count, lines } = countEslint(report, repoRoot);
    expect(count).toEqual({ passed: 0, failed: 1, notRun: [], notes: ['eslint: 3 errors, 1 warning in 3 files'] });
    expect(lines).toEqual([
      `${path.join('server', 'a.ts')}:12:5  error  Promises must be awaited  (@typescript-eslint/no-floating-promises)`,
      `${path.join('server', 'a.ts')}:30:6  warning  React Hook useEffect has a missing dependency  (react-hooks/exhaustive-deps)`,
      `${path.join('extension', 'b.tsx')}:3:1  error  Parsing error: '}' expected.  (parse error)`,
      `${path.join('scripts', 'c.mjs')}:7:3  error  Unused eslint-disable directive (no problems were reported from 'no-console').`
    ]);
  });

  it('that are missing, or that linted no file, are a failure: an ignore pattern that swallowed the tree must not pass', () => {
    expect(countEslint(undefined, repoRoot).count).toEqual({ passed: 0, failed: 1, notRun: [], notes: ['eslint wrote no results'] });
    expect(countEslint({ not: 'a list' }, repoRoot).count).toMatchObject({ passed: 0, failed: 1 });
    expect(countEslint([], repoRoot).count).toEqual({ passed: 0, failed: 1, notRun: [], notes: ['eslint linted no file'] });
  });
});

describe('Prettier results', () => {
  it('pass when --list-different lists no file', () => {
    expect(countPrettier('')).toEqual({ count: { passed: 1, failed: 0, notRun: [], notes: [] }, files: [] });
    expect(countPrettier(undefined).count.passed).toBe(1);
  });

  it('fail once for the tool, naming every file not formatted', () => {
    expect(countPrettier('server/a.ts\nREADME.md\n\n')).toEqual({
      count: { passed: 0, failed: 1, notRun: [], notes: ['prettier: 2 files not formatted (npx prettier --write <file>)'] },
      files: ['server/a.ts', 'README.md']
    });
  });
});

describe("a tool's exit", () => {
  it('that its output does not explain (a file Prettier could not parse) fails the tool instead of passing it', () => {
    const folded = oneResult(withExit('prettier', { code: 2, signal: null }, countPrettier('').count));
    expect(folded).toEqual({ passed: 0, failed: 1, notRun: [], notes: ['prettier exited with code 2'] });
  });

  it('of 1 with problems reported is explained by them: one failure, noted', () => {
    const { count } = countEslint([eslintFile('server/a.ts', [message('no-debugger', 2, 'Unexpected debugger statement.')])], repoRoot);
    expect(oneResult(withExit('eslint', { code: 1, signal: null }, count))).toEqual({
      passed: 0,
      failed: 1,
      notRun: [],
      notes: ['eslint: 1 error, 0 warnings in 1 file', 'eslint exited with code 1']
    });
  });

  it('that wrote no report (a crash, a broken config) is a failure', () => {
    expect(oneResult(withExit('eslint', { code: 2, signal: null }, undefined))).toEqual({
      passed: 0,
      failed: 1,
      notRun: [],
      notes: ['eslint wrote no results (it exited with code 2)']
    });
  });
});

describe('the suite', () => {
  it('adds up both tools and answers to the rules of every suite: a clean tree passes twice', () => {
    const suite = toSuite(combine(countEslint([eslintFile('server/a.ts', [])], repoRoot).count, countPrettier('').count));
    expect(judge('lint', suite, []).result).toEqual({ passed: 2, failed: 0, skipped: 0 });
  });

  it('says what failed in its note, and fails when both tools failed', () => {
    const eslint = countEslint([eslintFile('server/a.ts', [message('prefer-const', 2, "'x' is never reassigned.")])], repoRoot).count;
    const suite = toSuite(combine(eslint, countPrettier('server/a.ts\n').count));
    expect(judge('lint', suite, []).result).toEqual({
      passed: 0,
      failed: 2,
      skipped: 0,
      note: 'eslint: 1 error, 0 warnings in 1 file; prettier: 1 file not formatted (npx prettier --write <file>); passed no test'
    });
  });
});

describe('the real tools', () => {
  const node = process.execPath;
  const eslintBin = path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const prettierBin = path.join(repoRoot, 'node_modules', 'prettier', 'bin', 'prettier.cjs');

  it('eslint: its JSON report is counted as the crafted one above says', async () => {
    // A config of its own that imports nothing, so the folder needs no packages.
    writeFileSync(
      path.join(dir.path, 'eslint.config.mjs'),
      "export default [{ rules: { 'no-debugger': 'error', 'prefer-const': 'warn' } }];\n"
    );
    writeFileSync(path.join(dir.path, 'clean.js'), 'export const a = 1;\n');
    writeFileSync(path.join(dir.path, 'bad.js'), 'let b = 2;\ndebugger;\nexport { b };\n');
    const file = path.join(dir.path, 'out', 'eslint.json');
    const { exit, report } = await runFresh(file, async () => {
      const done = spawnSync(node, [eslintBin, '--format', 'json', '--output-file', file, '.'], { cwd: dir.path, stdio: 'ignore' });
      return { code: done.status, signal: done.signal };
    });
    expect(exit.code).toBe(1);
    const { count, lines } = countEslint(report, dir.path);
    expect(oneResult(withExit('eslint', exit, count))).toEqual({
      passed: 0,
      failed: 1,
      notRun: [],
      notes: ['eslint: 1 error, 1 warning in 1 file', 'eslint exited with code 1']
    });
    expect(lines).toEqual([
      "bad.js:1:5  warning  'b' is never reassigned. Use 'const' instead.  (prefer-const)",
      "bad.js:2:1  error  Unexpected 'debugger' statement.  (no-debugger)"
    ]);

    writeFileSync(path.join(dir.path, 'bad.js'), 'export const b = 2;\n');
    const again = await runFresh(file, async () => {
      const done = spawnSync(node, [eslintBin, '--format', 'json', '--output-file', file, '.'], { cwd: dir.path, stdio: 'ignore' });
      return { code: done.status, signal: done.signal };
    });
    expect(oneResult(withExit('eslint', again.exit, countEslint(again.report, dir.path).count))).toEqual({
      passed: 1,
      failed: 0,
      notRun: [],
      notes: []
    });
  }, 60_000);

  it('prettier: --list-different is counted as the crafted output above says, and a file it cannot parse fails the tool', () => {
    writeFileSync(path.join(dir.path, '.prettierrc.json'), '{ "singleQuote": true }\n');
    writeFileSync(path.join(dir.path, 'formatted.ts'), "export const a = { b: 'c' };\n");
    writeFileSync(path.join(dir.path, 'unformatted.ts'), 'export const a = {b:"c"}\n');
    const listDifferent = () => {
      const done = spawnSync(node, [prettierBin, '--list-different', '.'], { cwd: dir.path, encoding: 'utf8' });
      return { exit: { code: done.status, signal: done.signal }, stdout: done.stdout };
    };

    const first = listDifferent();
    expect(first.exit.code).toBe(1);
    expect(countPrettier(first.stdout).files).toEqual(['unformatted.ts']);
    expect(oneResult(withExit('prettier', first.exit, countPrettier(first.stdout).count))).toMatchObject({ passed: 0, failed: 1 });

    writeFileSync(path.join(dir.path, 'unformatted.ts'), "export const a = { b: 'c' };\n");
    writeFileSync(path.join(dir.path, 'broken.ts'), 'export const a = {\n');
    const broken = listDifferent();
    expect(broken.exit.code).toBe(2);
    expect(oneResult(withExit('prettier', broken.exit, countPrettier(broken.stdout).count))).toEqual({
      passed: 0,
      failed: 1,
      notRun: [],
      notes: ['prettier exited with code 2']
    });

    writeFileSync(path.join(dir.path, 'broken.ts'), 'export const b = 1;\n');
    const fine = listDifferent();
    expect(oneResult(withExit('prettier', fine.exit, countPrettier(fine.stdout).count))).toEqual({
      passed: 1,
      failed: 0,
      notRun: [],
      notes: []
    });
  }, 60_000);
});
