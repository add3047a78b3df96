/**
 * The test-only Python environment with the real clients of the standards the server speaks
 * (mlflow, tritonclient, prometheus_client) and SciPy: scripts/setup/test-clients.mjs installs it,
 * `npm test` does so itself.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');

/** The environment's python; throws, saying how to install it, when it is missing. */
export function testClientsPython(): string {
  const python = path.join(repoRoot, '.venv-test-clients', 'bin', 'python');
  if (!existsSync(python)) {
    throw new Error(
      `the test clients' Python environment is missing (${python}); install it with \`node scripts/setup/test-clients.mjs\` (npm test does this itself)`
    );
  }
  return python;
}

export interface PythonResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ScriptOptions {
  cwd?: string;
  /** Added to a minimal environment (PATH, unbuffered output): nothing else of the test's leaks in. */
  env?: Record<string, string>;
}

/** Runs a Python script (a file, with arguments) in the test clients' environment and collects its output. */
export function runTestClientScript(script: string, args: readonly string[], options: ScriptOptions = {}): Promise<PythonResult> {
  const python = testClientsPython();
  const env = { PATH: process.env.PATH ?? '', PYTHONUNBUFFERED: '1', ...options.env };
  return new Promise((resolve, reject) => {
    const child = spawn(python, [script, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
