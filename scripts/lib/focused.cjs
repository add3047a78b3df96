// Finds focused tests (.only, fit, fdescribe) in test sources before a runner starts: one focused
// test silently turns a whole file's other tests off, and jest has no forbid-only switch
// (Playwright's is forbidOnly in ui-tests/playwright.config.ts). Types in focused.d.cts.
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

// Not preceded by a word character or a dot, so `model.fit(` and `profit(` are not tests.
const FOCUSED = /(?<![\w.$])(?:(?:it|test|describe)\s*\.\s*only\s*\(|(?:fit|fdescribe|ftest)\s*\()/;
const SKIPPED_DIRS = new Set(['node_modules', 'build', 'lib', '.git']);

/** Test files under `roots` whose names match `pattern`, skipping dependencies and build output. */
function testFiles(roots, pattern) {
  const found = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) walk(full);
      } else if (pattern.test(entry.name)) found.push(full);
    }
  };
  roots.forEach(walk);
  return found.sort();
}

/** "<file>:<line>: <the line>" for every focused test in `files`, paths relative to `root`. */
function findFocused(files, root) {
  const hits = [];
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (FOCUSED.test(line)) hits.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`);
      });
  }
  return hits;
}

module.exports = { testFiles, findFocused };
