/**
 * The embedded executor: each attempt is a child process in its own process group, working in
 * `<data dir>/jobs/<jobId>/attempt-<n>/work`, with the job's environment (never the backend's
 * MLPORTAL_* settings, which hold secrets), its GPUs named in CUDA_VISIBLE_DEVICES, and a timeout
 * that sends the group SIGTERM and, after a grace period, SIGKILL. When the command exits, anything
 * it left behind in its group is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../platform/logging';
import type { Admission, ExecutionHooks, ExecutionSpec, ExecutionUpdate, JobExecutor } from '../executor';
import type { JobLayout } from '../layout';
import { RESERVED_ENV_PREFIX } from '../schemas';
import { LocalCapacity, type Holding } from './capacity';
import { queryGpus } from './gpus';
import { isJobProcess, signalGroup } from './process-group';

export interface LocalExecutorOptions {
  layout: JobLayout;
  logger: Logger;
  /** Cores jobs may ask for together; default the machine's. */
  cores?: number;
  /** The nvidia-smi to ask; default "nvidia-smi" on the backend's PATH. */
  gpuQueryCommand?: string;
  /** Between SIGTERM and SIGKILL; default 10 s. */
  killGraceMs?: number;
}

const DEFAULT_KILL_GRACE_MS = 10_000;
/** After the command exits, how long its output pipes may stay open (a grandchild holding them) before they are cut. */
const DRAIN_LIMIT_MS = 5_000;
const PID_FILE = 'pid';
/** At shutdown, how long a job may take to stop on SIGTERM before SIGKILL. */
const SHUTDOWN_GRACE_MS = 3_000;

interface RunningAttempt {
  spec: ExecutionSpec;
  child: ChildProcess;
  hooks: ExecutionHooks;
  holding: Holding;
  stopping?: 'timeout' | 'cancel';
  timers: NodeJS.Timeout[];
}

export class LocalExecutor implements JobExecutor {
  readonly kind = 'local' as const;
  private readonly running = new Map<string, RunningAttempt>();
  private capacity?: Promise<LocalCapacity>;
  private closed = false;

  constructor(private readonly options: LocalExecutorOptions) {}

  /** GPUs are looked up once, on first need. */
  private machine(): Promise<LocalCapacity> {
    this.capacity ??= queryGpus(this.options.gpuQueryCommand).then(({ gpus, problem }) => {
      if (problem) this.options.logger.warn({ problem }, 'local executor: could not list GPUs; running without');
      this.options.logger.info({ gpus: gpus.map((g) => `${g.index}: ${g.name}`) }, `local executor: ${gpus.length} GPU(s)`);
      return new LocalCapacity(this.options.cores ?? os.availableParallelism(), gpus, problem);
    });
    return this.capacity;
  }

  async admits(resources: ExecutionSpec['resources']): Promise<Admission> {
    return (await this.machine()).admits(resources);
  }

  async start(spec: ExecutionSpec, hooks: ExecutionHooks): Promise<void> {
    if (this.closed) throw new Error('the local executor is shut down');
    if (this.running.has(spec.jobId)) throw new Error(`job ${spec.jobId} is already running`);
    const machine = await this.machine();
    const holding = machine.take(spec.resources);
    if (!holding) {
      const admission = machine.admits(spec.resources);
      throw new Error(admission.admit ? 'no capacity' : 'never' in admission ? admission.never : admission.wait);
    }
    try {
      const workDir = this.options.layout.workDir(spec.jobId, spec.attempt);
      await fs.mkdir(workDir, { recursive: true });
      await fs.mkdir(spec.outputDir, { recursive: true });
      const child = await spawnAttempt(spec, workDir, holding.gpus);
      await fs.writeFile(path.join(this.options.layout.attemptDir(spec.jobId, spec.attempt), PID_FILE), String(child.pid));
      const attempt: RunningAttempt = { spec, child, hooks, holding, timers: [] };
      this.running.set(spec.jobId, attempt);
      this.watch(attempt, machine);
      attempt.timers.push(setTimeout(() => this.stop(attempt, 'timeout'), spec.timeoutSeconds * 1000));
      hooks.onUpdate({ state: 'running', placement: holding.gpus.length > 0 ? { gpus: holding.gpus } : {} });
    } catch (err) {
      machine.release(holding);
      throw err;
    }
  }

  async cancel(jobId: string): Promise<void> {
    const attempt = this.running.get(jobId);
    if (attempt) this.stop(attempt, 'cancel');
  }

  /** A process cannot be adopted by a new backend: whatever the old one left running is killed, and the attempt is lost. */
  async reattach(spec: ExecutionSpec): Promise<'reattached' | 'lost'> {
    const pidFile = path.join(this.options.layout.attemptDir(spec.jobId, spec.attempt), PID_FILE);
    const pid = Number(await fs.readFile(pidFile, 'utf8').catch(() => ''));
    if (Number.isInteger(pid) && pid > 0 && (await isJobProcess(pid, spec.jobId))) {
      signalGroup(pid, 'SIGKILL');
      this.options.logger.warn({ jobId: spec.jobId, pid }, 'killed a job process left by an earlier backend');
    }
    return 'lost';
  }

  /**
   * At shutdown: stops the running attempts (SIGTERM, SIGKILL after the grace period, at most
   * SHUTDOWN_GRACE_MS) without reporting them. A process cannot be handed to the next backend,
   * so letting it run on would only leave it unattended; the next backend's recovery marks its job
   * failed "executor restarted". (After a crash, recovery kills what is left: see reattach.)
   */
  async close(): Promise<void> {
    this.closed = true;
    const attempts = [...this.running.values()];
    this.running.clear();
    await Promise.all(
      attempts.map(async (attempt) => {
        attempt.timers.forEach(clearTimeout);
        const pgid = attempt.child.pid!;
        const exited = attempt.child.exitCode !== null || attempt.child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => attempt.child.once('exit', () => resolve()));
        signalGroup(pgid, 'SIGTERM');
        const grace = Math.min(this.options.killGraceMs ?? DEFAULT_KILL_GRACE_MS, SHUTDOWN_GRACE_MS);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, grace)))]);
        clearTimeout(timer);
        signalGroup(pgid, 'SIGKILL');
        attempt.child.stdout?.destroy();
        attempt.child.stderr?.destroy();
      })
    );
  }

  private stop(attempt: RunningAttempt, why: 'timeout' | 'cancel'): void {
    if (attempt.stopping || attempt.child.exitCode !== null || attempt.child.signalCode !== null) return;
    attempt.stopping = why;
    const pgid = attempt.child.pid!;
    signalGroup(pgid, 'SIGTERM');
    const grace = setTimeout(() => signalGroup(pgid, 'SIGKILL'), this.options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
    attempt.timers.push(grace);
  }

  private watch(attempt: RunningAttempt, machine: LocalCapacity): void {
    const { child, hooks } = attempt;
    const report = (fn: () => void) => {
      if (!this.closed) fn();
    };
    child.on('error', (err) => this.options.logger.warn({ err, jobId: attempt.spec.jobId }, 'local job process error'));
    child.stdout?.setEncoding('utf8').on('data', (text: string) => report(() => hooks.onLog(text, 'stdout')));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => report(() => hooks.onLog(text, 'stderr')));
    child.once('exit', (code, signal) => {
      // The group outlives its leader when the command forked: nothing it started may keep running.
      signalGroup(child.pid!, 'SIGKILL');
      attempt.timers.forEach(clearTimeout);
      const drained = new Promise<void>((resolve) => child.once('close', () => resolve()));
      const cutOff = new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.stdout?.destroy();
          child.stderr?.destroy();
          resolve();
        }, DRAIN_LIMIT_MS);
        void drained.then(() => clearTimeout(timer));
      });
      void Promise.race([drained, cutOff]).then(() => {
        if (this.running.get(attempt.spec.jobId) !== attempt) return;
        this.running.delete(attempt.spec.jobId);
        machine.release(attempt.holding);
        report(() => hooks.onUpdate(outcome(attempt, code, signal)));
      });
    });
  }
}

function outcome(attempt: RunningAttempt, code: number | null, signal: NodeJS.Signals | null): ExecutionUpdate {
  if (attempt.stopping === 'cancel') return { state: 'cancelled', reason: 'cancelled' };
  if (attempt.stopping === 'timeout') return { state: 'failed', reason: `ran past its ${attempt.spec.timeoutSeconds} s timeout`, ...(code !== null ? { exitCode: code } : {}) };
  if (code === 0) return { state: 'succeeded', exitCode: 0 };
  if (code !== null) return { state: 'failed', reason: `exit code ${code}`, exitCode: code };
  return { state: 'failed', reason: `killed by ${signal ?? 'a signal'}` };
}

/** Resolves once the process exists; rejects (e.g. command not found) when it cannot start. */
function spawnAttempt(spec: ExecutionSpec, cwd: string, gpus: string[]): Promise<ChildProcess> {
  const [program, ...rest] = spec.command;
  const visible = gpus.join(',');
  const inherited = inheritedEnv();
  const env = {
    ...inherited,
    ...withSdkOnNodePath(inherited.NODE_PATH),
    ...spec.env,
    CUDA_VISIBLE_DEVICES: visible,
    NVIDIA_VISIBLE_DEVICES: gpus.length > 0 ? visible : 'void'
  };
  return new Promise((resolve, reject) => {
    const child = spawn(program, [...rest, ...spec.args], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.once('spawn', () => resolve(child));
    child.once('error', (err) => reject(new Error(`could not start ${JSON.stringify(program)}: ${err.message}`)));
  });
}

/**
 * Job code resolves `@mlportal/sdk` (and the cell runner) from the node_modules the backend uses, wherever its working
 * directory is (the data dir need not sit inside the checkout). A job's own NODE_PATH wins.
 */
function withSdkOnNodePath(current: string | undefined): { NODE_PATH?: string } {
  const modules = sdkNodeModules();
  if (modules === undefined) return {};
  return { NODE_PATH: current ? `${modules}${path.delimiter}${current}` : modules };
}

let sdkModules: string | null | undefined;
function sdkNodeModules(): string | undefined {
  if (sdkModules === undefined) {
    sdkModules = null;
    for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules');
      if (existsSync(path.join(candidate, '@mlportal', 'sdk', 'package.json'))) {
        sdkModules = candidate;
        break;
      }
    }
  }
  return sdkModules ?? undefined;
}

/** The backend's environment (PATH, HOME, locale) without its own MLPORTAL_* settings: those carry its secrets. */
function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith(RESERVED_ENV_PREFIX)));
}
