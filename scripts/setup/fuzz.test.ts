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
