/** Child processes that tests start and kill: node with our TypeScript loader, stdout read line by line. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const registerTs = path.join(__dirname, 'register-ts.cjs');

export interface TypeScriptChild {
  child: ChildProcess;
  /** Every stdout line so far. */
  lines: string[];
  /** Resolves once `count` lines have been printed; rejects if the child exits first. */
  waitForLines(count: number): Promise<void>;
  /** SIGKILL, then waits for the exit. */
  kill(): Promise<void>;
}

export function spawnTypeScript(script: string, args: string[]): TypeScriptChild {
  const child = spawn(process.execPath, ['-r', registerTs, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waiters: Array<() => void> = [];
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    waiters.splice(0).forEach((wake) => wake());
  });

  return {
    child,
    lines,
    waitForLines(count) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (lines.length >= count) return resolve();
          if (child.exitCode !== null || child.signalCode !== null) {
            return reject(
              new Error(`${path.basename(script)} exited (${child.signalCode ?? child.exitCode}) after ${lines.length} lines:\n${stderr}`)
            );
          }
          waiters.push(check);
        };
        void exited.then(() => waiters.splice(0).forEach((wake) => wake()));
        check();
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    }
  };
}
