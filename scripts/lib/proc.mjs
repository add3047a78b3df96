// Child processes for the setup, start and test scripts: run to completion, or keep as a service.
import { spawn } from 'node:child_process';

/** Runs a command to completion with inherited output; rejects naming the command when it fails. */
export function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...options });
    child.on('error', (err) => reject(new Error(`${cmd} could not start: ${err.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${[cmd, ...args].join(' ')} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}

/** Runs a command to completion with inherited output; resolves with how it ended, for a caller that judges that itself. */
export function runForExit(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...options });
    child.on('error', (err) => resolve({ code: null, signal: null, error: `${cmd} could not start: ${err.message}` }));
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Runs a command to completion, collecting its stdout (stderr passes through); resolves with how it ended and that output. */
export function captureForExit(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], ...options });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', (err) => resolve({ code: null, signal: null, error: `${cmd} could not start: ${err.message}`, stdout }));
    child.on('close', (code, signal) => resolve({ code, signal, stdout }));
  });
}

/** Runs a command and returns its stdout (trimmed); stderr passes through. */
export function capture(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], ...options });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', (err) => reject(new Error(`${cmd} could not start: ${err.message}`)));
    child.on('exit', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`${[cmd, ...args].join(' ')} failed (exit code ${code})`))
    );
  });
}

/**
 * Starts a long-running service in its own process group, its output prefixed with its name,
 * so that stop() ends it and everything it started (a kernel under JupyterLab, say).
 */
export function startService(name, cmd, args, options = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...options });
  const prefix = (stream, target) => {
    let pending = '';
    stream.on('data', (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) target.write(`[${name}] ${line}\n`);
    });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let stopping = false;
  return {
    name,
    child,
    exited,
    get stopping() {
      return stopping;
    },
    async stop(graceMs = 8000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      signalGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Whatever the leader left behind in its group goes too.
      signalGroup(child.pid, 'SIGKILL');
    }
  };
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Polls a URL until it answers with one of the accepted statuses, the service dies, or time runs out. */
export async function waitForHttp(url, { service, timeoutMs = 120000, accept = (s) => s < 500 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (service && (service.child.exitCode !== null || service.child.signalCode !== null)) {
      throw new Error(`${service.name} exited before ${url} answered`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (accept(res.status)) return res;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = err.cause?.code ?? err.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s (${lastError})`);
}
