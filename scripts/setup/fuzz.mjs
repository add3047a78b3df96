// The fuzz suite: a bounded property-based run of Schemathesis (.venv-test-clients) against schema/openapi.json and a real
// backend (server/build, built by prepare()) on 127.0.0.1, with a fresh data dir and an admin token. An operation fails on
// any 5xx, any answer slower than the per-request timeout (a hang), or an answer its OpenAPI entry does not describe
// (status, content type, body schema). Counted per operation: passed, failed (each failure printed), skipped.
// Before it, server/testing/fuzz-seed.ts creates one of each resource the paths name; half of the generated path
// parameters are then drawn from those (and from names that are members of Object.prototype), so the handlers' own logic
// is reached instead of a 404 on every path.
// `node scripts/setup/fuzz.mjs` runs it alone (after `npm run build` and `node scripts/setup/test-clients.mjs`).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot, serverEntry } from '../lib/paths.mjs';
import { freePort } from '../lib/ports.mjs';
import { capture, run, startService, waitForHttp } from '../lib/proc.mjs';
import { testClientsVenvDir } from './test-clients.mjs';

const schemathesis = path.join(testClientsVenvDir, 'bin', 'schemathesis');
const openApiFile = path.join(repoRoot, 'schema', 'openapi.json');
const seedScript = path.join(repoRoot, 'server', 'testing', 'fuzz-seed.ts');
const registerTs = path.join(repoRoot, 'server', 'testing', 'register-ts.cjs');

/** Names that must find nothing wherever a name is looked up (no prototype lookups from user input). */
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'hasOwnProperty', 'toString'];
/** Path parameters that are names (looked up by name somewhere), which also draw PROTOTYPE_NAMES. */
const NAMED_PARAMETERS = new Set(['name', 'group', 'feature', 'alias', 'key']);
/** The share of generated path parameters drawn from the seeded values. */
const SEEDED_SHARE = 0.5;
/**
 * Parameters held to one value, each with why. getJobLogs?follow=true streams a job's log until the job ends, as it
 * should; a job the run itself submitted may run for its whole timeout, which is not a hang of the server.
 */
const PINNED = [{ operationId: 'getJobLogs', parameter: 'query.follow', value: 'false', why: 'follow=true streams until the job ends' }];

/** The checks this run makes: no 5xx, and status, content type and body as the OpenAPI entry documents them; all others (stateful, negative-data acceptance…) are out of scope. */
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance'];

/**
 * Operations left out, each with why. Revoking a token could revoke the fuzz run's own admin token, after which every
 * other operation would only see 401s.
 */
export const EXCLUDED_OPERATIONS = { revokeToken: 'may revoke the fuzz run’s own token, leaving every later call a 401' };

/**
 * Bounds that keep the run under about four minutes on two cores: examples per operation (the coverage phase adds its
 * own boundary cases), a per-request timeout that counts as a hang, and a fixed seed so a failure reproduces.
 */
export const FUZZ_DEFAULTS = { maxExamples: 50, requestTimeoutSeconds: 10, workers: 2, seed: 20261207 };

/**
 * Schemathesis' workers are threads, and CPython 3.11.0–3.11.7 and 3.12.0 can raise "SystemError: AST constructor
 * recursion depth mismatch" when two threads parse source at once (python/cpython#106905, fixed in 3.11.8 and 3.12.1);
 * Hypothesis parses its own source to describe a filter, so a run on such a Python fails an operation by chance. On
 * those versions the fuzz run uses one worker. `version` is `python --version`'s answer.
 */
export function workersFor(version, requested) {
  const match = /Python (\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) return requested;
  const [major, minor, patch] = match.slice(1).map(Number);
  const affected = major === 3 && ((minor === 11 && patch < 8) || (minor === 12 && patch === 0));
  return affected ? 1 : requested;
}

/**
 * Runs the fuzz suite; resolves with { passed, failed, skipped, note? } like the suites of scripts/test.mjs.
 * `workDir` holds the report (default .mlportal-test/fuzz); `env` adds settings for the backend.
 */
export async function runFuzz({ workDir = path.join(repoRoot, '.mlportal-test', 'fuzz'), env = {}, ...bounds } = {}) {
  const options = { ...FUZZ_DEFAULTS, ...bounds };
  if (!existsSync(schemathesis)) return failure('schemathesis is not installed: run node scripts/setup/test-clients.mjs');
  if (!existsSync(serverEntry)) return failure('server/build/main.js is missing: run npm run build');
  // Fresh every run: a report left by an earlier run must never be counted.
  rmSync(workDir, { recursive: true, force: true });
  const reportDir = path.join(workDir, 'report');
  mkdirSync(reportDir, { recursive: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mlportal-fuzz-'));
  const port = await freePort();
  const token = `mlp_${randomBytes(32).toString('base64url')}`;
  const url = `http://127.0.0.1:${port}`;
  const backend = startService('fuzz-backend', process.execPath, [serverEntry], {
    cwd: repoRoot,
    env: {
      ...process.env,
      MLPORTAL_PORT: String(port),
      MLPORTAL_HOST: '127.0.0.1',
      MLPORTAL_DATA_DIR: dataDir,
      MLPORTAL_ADMIN_TOKEN: token,
      // Only warnings and errors: a 500's stack is then in the output beside Schemathesis' report.
      MLPORTAL_LOG_LEVEL: 'warn',
      MLPORTAL_SERVING_WORKERS: '1',
      ...env
    }
  });
  const started = Date.now();
  try {
    await waitForHttp(`${url}/api/v1/health`, { service: backend, timeoutMs: 60_000, accept: (s) => s === 200 });
    const config = writeConfig(workDir, await seedBackend(url, token));
    const pythonVersion = await capture(path.join(testClientsVenvDir, 'bin', 'python'), ['--version']);
    await runSchemathesis({ url, token, reportDir, config, options: { ...options, workers: workersFor(pythonVersion, options.workers) } });
  } catch (err) {
    console.error(`mlportal fuzz: ${err.message}`);
  } finally {
    await backend.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const counts = countJunit(reportDir);
  console.log(
    `mlportal fuzz: ${counts.passed + counts.failed + counts.skipped} operations in ${Math.round((Date.now() - started) / 1000)} s`
  );
  return counts;
}

/** The seeded resources' ids by path parameter name (server/testing/fuzz-seed.ts). */
async function seedBackend(url, token) {
  const out = await capture(process.execPath, ['-r', registerTs, seedScript], {
    cwd: repoRoot,
    env: { ...process.env, MLPORTAL_FUZZ_URL: url, MLPORTAL_FUZZ_TOKEN: token }
  });
  return JSON.parse(out.split('\n').pop());
}

/** A schemathesis.toml binding each path parameter to a dictionary of seeded values (and, for names, prototype names). */
function writeConfig(workDir, seeded) {
  const lines = [];
  const bindings = [];
  for (const [param, seededValues] of Object.entries(seeded)) {
    const values = seededValues.filter((v) => typeof v === 'string' || typeof v === 'number');
    const all = NAMED_PARAMETERS.has(param) ? [...values, ...PROTOTYPE_NAMES] : values;
    if (all.length === 0) continue;
    lines.push(`[dictionaries.${param}]`, `values = [${all.map((v) => JSON.stringify(v)).join(', ')}]`, '');
    bindings.push(`"path.${param}" = { dictionary = "${param}", probability = ${SEEDED_SHARE} }`);
  }
  const pinned = PINNED.flatMap(({ operationId, parameter, value }) => [
    '[[operations]]',
    `include-operation-id = "${operationId}"`,
    `parameters = { "${parameter}" = ${JSON.stringify(value)} }`,
    ''
  ]);
  const file = path.join(workDir, 'schemathesis.toml');
  writeFileSync(file, [...lines, '[parameters]', ...bindings, '', ...pinned].join('\n'));
  return file;
}

async function runSchemathesis({ url, token, reportDir, config, options }) {
  const args = [
    '--config-file',
    config,
    'run',
    openApiFile,
    '--url',
    url,
    '--header',
    `Authorization: Bearer ${token}`,
    '--checks',
    CHECKS.join(','),
    '--phases',
    'examples,coverage,fuzzing',
    '--max-examples',
    String(options.maxExamples),
    '--request-timeout',
    String(options.requestTimeoutSeconds),
    '--workers',
    String(options.workers),
    '--seed',
    String(options.seed),
    '--generation-database',
    'none',
    '--continue-on-failure',
    '--no-color',
    '--report',
    'junit',
    '--report-junit-path',
    path.join(reportDir, 'junit.xml'),
    ...Object.keys(EXCLUDED_OPERATIONS).flatMap((id) => ['--exclude-operation-id', id])
  ];
  // Its exit code says only whether something failed; the counts come from the report, a missing report is a failure.
  // In the work dir, so whatever Schemathesis keeps (a cache for `st replay`) stays out of the checkout.
  await run(schemathesis, args, { cwd: path.dirname(reportDir) }).catch(() => undefined);
}

/** Operations from the JUnit report: a testcase with a <failure> or <error> failed, one with <skipped> was skipped. */
export function countJunit(reportDir) {
  const file = existsSync(reportDir) ? readdirSync(reportDir).find((name) => name.endsWith('.xml')) : undefined;
  if (!file) return failure('schemathesis wrote no report');
  const xml = readFileSync(path.join(reportDir, file), 'utf8');
  const cases = [...xml.matchAll(/<testcase\b[^>]*?name="([^"]*)"[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)].map(([, name, body = '']) => ({
    name: unescapeXml(name),
    outcome: /<(failure|error)\b/.test(body) ? 'failed' : /<skipped\b/.test(body) ? 'skipped' : 'passed'
  }));
  if (cases.length === 0) return failure('the schemathesis report lists no operation');
  const failed = cases.filter((c) => c.outcome === 'failed');
  const skipped = cases.filter((c) => c.outcome === 'skipped');
  if (failed.length) console.log(`mlportal fuzz: failed operations:\n${failed.map((c) => `  ${c.name}`).join('\n')}`);
  if (skipped.length) console.log(`mlportal fuzz: skipped operations:\n${skipped.map((c) => `  ${c.name}`).join('\n')}`);
  const excluded = Object.entries(EXCLUDED_OPERATIONS).map(([id, why]) => `${id} excluded: ${why}`);
  const pinned = PINNED.map(({ operationId, parameter, value, why }) => `${operationId} ${parameter}=${value}: ${why}`);
  return {
    passed: cases.length - failed.length - skipped.length,
    failed: failed.length,
    skipped: skipped.length,
    note: [...excluded, ...pinned].join('; ')
  };
}

function failure(note) {
  return { passed: 0, failed: 1, skipped: 0, note };
}

function unescapeXml(text) {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const counts = await runFuzz();
  console.log(
    `fuzz: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}${counts.note ? ` (${counts.note})` : ''}`
  );
  process.exit(counts.failed > 0 || counts.passed === 0 ? 1 : 0);
}
