/** The scan for focused tests that `npm test` runs before jest and Playwright (scripts/lib/focused.cjs). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, type TempDir } from '../server/testing/temp-dir';
import { findFocused, testFiles } from './lib/focused.cjs';

const repoRoot = path.resolve(__dirname, '..');
// Spelled in pieces, so that this file is not itself a focused test to the scan.
const dot = (name: string, what: string) => `${name}.${what}`;

let dir: TempDir;
beforeEach(() => (dir = makeTempDir('focused')));
afterEach(() => dir.remove());

it('finds .only on it, test and describe, and fit / fdescribe, but not model.fit( or profit(', () => {
  const file = path.join(dir.path, 'a.test.ts');
  const lines = [
    `${dot('it', 'only')}('one', () => {});`,
    `  ${dot('describe', 'only')} ('two', () => {});`,
    `${dot('test', 'only')}('three', async () => {});`,
    `${'f'}it('four', () => {});`,
    `${'f'}describe('five', () => {});`,
    "model.fit(x, y); profit(1); it('plain', () => {}); describe('plain', () => {}); const only = 1;"
  ];
  writeFileSync(file, lines.join('\n'));
  expect(findFocused([file], dir.path)).toEqual([1, 2, 3, 4, 5].map((n) => `a.test.ts:${n}: ${lines[n - 1].trim()}`));
});

it('looks at test files only, and not in dependencies or build output', () => {
  for (const sub of ['src', 'node_modules/x', 'build', 'lib']) mkdirSync(path.join(dir.path, sub), { recursive: true });
  for (const file of ['src/a.test.ts', 'src/b.test.tsx', 'src/c.ts', 'node_modules/x/d.test.ts', 'build/e.test.ts', 'lib/f.test.ts'])
    writeFileSync(path.join(dir.path, file), '');
  expect(testFiles([dir.path], /\.test\.tsx?$/).map((f) => path.relative(dir.path, f))).toEqual([
    path.join('src', 'a.test.ts'),
    path.join('src', 'b.test.tsx')
  ]);
});

it('finds no focused test in this checkout', () => {
  const jestFiles = testFiles(
    ['server', 'kernels', 'scripts', 'extension'].map((d) => path.join(repoRoot, d)),
    /\.test\.tsx?$/
  );
  expect(jestFiles.length).toBeGreaterThan(50);
  expect(findFocused(jestFiles, repoRoot)).toEqual([]);
  expect(findFocused(testFiles([path.join(repoRoot, 'ui-tests')], /\.spec\.ts$/), repoRoot)).toEqual([]);
});

it('has Playwright refuse .only too', () => {
  expect(readFileSync(path.join(repoRoot, 'ui-tests', 'playwright.config.ts'), 'utf8')).toMatch(/^\s*forbidOnly: true,$/m);
});
