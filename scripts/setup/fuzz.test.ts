/**
 * The fuzz suite's count (scripts/setup/fuzz.mjs): operations from Schemathesis' JUnit report, a
 * failure or error failing its operation, and no report at all failing the suite rather than
 * passing it. Run in a child process, as the ES module it is.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, type TempDir } from '../../server/testing/temp-dir';

const repoRoot = path.resolve(__dirname, '..', '..');
let dir: TempDir;
beforeEach(() => {
  dir = makeTempDir('fuzz-count');
});
afterEach(() => dir.remove());

function count(reportDir: string): { passed: number; failed: number; skipped: number; note?: string } {
  const script = `import { countJunit } from './scripts/setup/fuzz.mjs'; console.log('COUNT' + JSON.stringify(countJunit(${JSON.stringify(reportDir)})));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
  return JSON.parse(out.slice(out.lastIndexOf('COUNT') + 'COUNT'.length));
}

describe('the fuzz suite count', () => {
  it('counts operations: passed, failed (a failure or an error), skipped', () => {
    writeFileSync(
      path.join(dir.path, 'junit.xml'),
      `<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="schemathesis">
  <testcase name="GET /api/v1/health" time="0.1" />
  <testcase name="GET /api/v1/models/{name}" time="0.2"><failure type="failure" message="ST101">500</failure></testcase>
  <testcase name="POST /api/v1/runs" time="0.2"><error type="error" message="x">timeout</error></testcase>
  <testcase name="GET /api/v1/queues" time="0.1"><skipped message="unsatisfiable" /></testcase>
  <testcase name="GET /api/v1/runs/{runId}" time="0.1"></testcase>
</testsuite></testsuites>`
    );
    expect(count(dir.path)).toMatchObject({ passed: 2, failed: 2, skipped: 1, note: expect.stringContaining('revokeToken excluded') });
  });

  it('fails the suite when Schemathesis wrote no report, or one without operations', () => {
    expect(count(dir.path)).toEqual({ passed: 0, failed: 1, skipped: 0, note: 'schemathesis wrote no report' });
    writeFileSync(path.join(dir.path, 'junit.xml'), '<testsuites></testsuites>');
    expect(count(dir.path)).toEqual({ passed: 0, failed: 1, skipped: 0, note: 'the schemathesis report lists no operation' });
  });
});

describe('the fuzz run on a Python whose ast module races between threads', () => {
  function workers(version: string, requested: number): number {
    const script = `import { workersFor } from './scripts/setup/fuzz.mjs'; console.log('WORKERS' + workersFor(${JSON.stringify(version)}, ${requested}));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
    return Number(out.slice(out.lastIndexOf('WORKERS') + 'WORKERS'.length));
  }

  it('uses one worker on 3.11.0–3.11.7 and 3.12.0, the ones with python/cpython#106905', () => {
    expect(workers('Python 3.11.7', 2)).toBe(1);
    expect(workers('Python 3.11.2', 2)).toBe(1);
    expect(workers('Python 3.12.0', 2)).toBe(1);
  });

  it('keeps the workers asked for on fixed versions and when the version cannot be read', () => {
    expect(workers('Python 3.11.8', 2)).toBe(2);
    expect(workers('Python 3.12.1', 2)).toBe(2);
    expect(workers('Python 3.13.0', 3)).toBe(3);
    expect(workers('something else', 2)).toBe(2);
  });
});
