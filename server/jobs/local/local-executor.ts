/**
 * The embedded executor: each attempt is a child process in its own process group, working in
 * `<data dir>/jobs/<jobId>/attempt-<n>/work`, isolated from the backend where the machine allows
 * (isolation/), with an allow-listed environment (job-env.ts), its GPUs named in CUDA_VISIBLE_DEVICES,
 * its memory and CPU held to what it asked for (resource-guard.ts), and a timeout that sends it
 * SIGTERM and, after a grace period, SIGKILL. When the command exits, anything it left behind is killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobIsolationSettings } from '../../config';
import type { Logger } from '../../platform/logging';
import type { Admission, ExecutionHooks, ExecutionSpec, ExecutionUpdate, JobExecutor } from '../executor';
import type { JobLayout } from '../layout';
import { LocalCapacity, type Holding } from './capacity';
import { queryGpus } from './gpus';
import { detectIsolation, type Isolation } from './isolation/detect';
import { sandboxArgs } from './isolation/sandbox-args';
import { jobEnv } from './job-env';
import { isJobProcess, signalGroup } from './process-group';
import { processTree, signalEach } from './process-tree';
import { ResourceGuard } from './resource-guard';

export interface LocalExecutorOptions {
  layout: JobLayout;
  logger: Logger;
  /** Cores jobs may ask for together; default the machine's. */
  cores?: number;
  /** The nvidia-smi to ask; default "nvidia-smi" on the backend's PATH. */
  gpuQueryCommand?: string;
  /** Between SIGTERM and SIGKILL; default 10 s. */
  killGraceMs?: number;
  /** How jobs are kept from the backend; default: sandboxed when bubblewrap is there, else only admins may submit. */
  isolation?: JobIsolationSettings;
}

const DEFAULT_ISOLATION: JobIsolationSettings = { mode: 'auto', trustedRoles: ['admin'], readable: [] };
/** The GPU driver's shared device files; each GPU's own is /dev/nvidia<index>. */
const NVIDIA_SHARED_DEVICES = ['/dev/nvidiactl', '/dev/nvidia-uvm', '/dev/nvidia-uvm-tools', '/dev/nvidia-modeset'];

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
  guard: ResourceGuard;
  sandboxed: boolean;
  stopping?: 'timeout' | 'cancel' | { exceeded: string };
  /** The start of its error output: where bubblewrap says it could not run the command. */
  stderrHead: string;
  timers: NodeJS.Timeout[];
}

export class LocalExecutor implements JobExecutor {
  readonly kind = 'local' as const;
  private readonly running = new Map<string, RunningAttempt>();
  private capacity?: Promise<LocalCapacity>;
  private isolated?: Promise<Isolation>;
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

  /** Decided once (bubblewrap is tried); throws when MLPORTAL_JOB_ISOLATION=sandbox cannot be had. */
  isolation(): Promise<Isolation> {
    this.isolated ??= detectIsolation(this.options.isolation ?? DEFAULT_ISOLATION, path.dirname(this.options.layout.root)).then(
      (isolation) => {
        this.options.logger[isolation.kind === 'sandbox' ? 'info' : 'warn']({ isolation: isolation.kind }, isolation.summary);
        return isolation;
      }
    );
    return this.isolated;
  }

  async prepare(): Promise<void> {
    await this.isolation();
  }

  async refusal(roles: readonly string[]): Promise<string | undefined> {
    const isolation = await this.isolation();
    const trusted = (this.options.isolation ?? DEFAULT_ISOLATION).trustedRoles;
    if (isolation.kind === 'sandbox' || roles.some((role) => (trusted as readonly string[]).includes(role))) return undefined;
    return isolation.summary;
  }

  async admits(resources: ExecutionSpec['resources'], reserved: ExecutionSpec['resources'][] = []): Promise<Admission> {
    return (await this.machine()).admits(resources, reserved);
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
      const isolation = await this.isolation();
      const child = await this.spawnAttempt(spec, holding.gpus, isolation);
      await fs.writeFile(path.join(this.options.layout.attemptDir(spec.jobId, spec.attempt), PID_FILE), String(child.pid));
      const limits = {
        ...(spec.resources.memoryBytes !== undefined ? { memoryBytes: spec.resources.memoryBytes } : {}),
        ...(spec.resources.cpu !== undefined ? { cpu: spec.resources.cpu } : {})
      };
      const attempt: RunningAttempt = {
        spec,
        child,
        hooks,
        holding,
        timers: [],
        stderrHead: '',
        sandboxed: isolation.kind === 'sandbox',
        guard: new ResourceGuard(child.pid!, limits, (why) => this.stop(attempt, { exceeded: why }))
      };
      this.running.set(spec.jobId, attempt);
      this.watch(attempt, machine);
      attempt.guard.start();
      attempt.timers.push(setTimeout(() => this.stop(attempt, 'timeout'), spec.timeoutSeconds * 1000));
      hooks.onUpdate({ state: 'running', placement: holding.gpus.length > 0 ? { gpus: holding.gpus } : {} });
    } catch (err) {
      machine.release(holding);
      throw err;
    }
  }

  /** The attempt's folders (owned by the job's user), then its process: in the sandbox, or as it is. */
  private async spawnAttempt(spec: ExecutionSpec, gpus: string[], isolation: Isolation): Promise<ChildProcess> {
    const layout = this.options.layout;
    const folders = {
      work: layout.workDir(spec.jobId, spec.attempt),
      outputs: spec.outputDir,
      tmp: layout.tmpDir(spec.jobId, spec.attempt)
    };
    const user = isolation.kind === 'sandbox' ? isolation.user : undefined;
    for (const dir of Object.values(folders)) {
      await fs.mkdir(dir, { recursive: true });
      if (user) await fs.chown(dir, user.uid, user.gid);
    }
    const env = jobEnv(spec, gpus, folders.work);
    const [program, ...rest] = spec.command;
    const commandArgs = [...rest, ...spec.args];
    if (isolation.kind === 'none')
      return spawnProcess(program, program, commandArgs, { cwd: folders.work, env: { ...env, TMPDIR: folders.tmp } });
    const devices =
      gpus.length === 0
        ? []
        : [...NVIDIA_SHARED_DEVICES, ...gpus.map((index) => `/dev/nvidia${index}`)].filter((device) => existsSync(device));
    return spawnProcess(program, isolation.bwrap, sandboxArgs(isolation.layout, { ...folders, devices }, [program, ...commandArgs], user), {
      cwd: folders.work,
      env
    });
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
        attempt.guard.stop();
        const pgid = attempt.child.pid!;
        const exited =
          attempt.child.exitCode !== null || attempt.child.signalCode !== null
            ? Promise.resolve()
            : new Promise<void>((resolve) => attempt.child.once('exit', () => resolve()));
        await this.terminate(attempt);
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

  private stop(attempt: RunningAttempt, why: NonNullable<RunningAttempt['stopping']>): void {
    if (attempt.stopping || attempt.child.exitCode !== null || attempt.child.signalCode !== null) return;
    attempt.stopping = why;
    attempt.guard.stop();
    const pgid = attempt.child.pid!;
    if (typeof why === 'object') {
      signalGroup(pgid, 'SIGKILL');
      return;
    }
    void this.terminate(attempt);
    const grace = setTimeout(() => signalGroup(pgid, 'SIGKILL'), this.options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
    attempt.timers.push(grace);
  }

  /**
   * SIGTERM to the job's own processes. In the sandbox, not to bubblewrap's: it would die of it and
   * take the job down at once (SIGKILL), leaving it no grace to save its work.
   */
  private async terminate(attempt: RunningAttempt): Promise<void> {
    const pgid = attempt.child.pid!;
    if (!attempt.sandboxed) {
      signalGroup(pgid, 'SIGTERM');
      return;
    }
    signalEach(
      (await processTree(pgid)).filter((p) => p.comm !== 'bwrap'),
      'SIGTERM'
    );
  }

  private watch(attempt: RunningAttempt, machine: LocalCapacity): void {
    const { child, hooks } = attempt;
    const report = (fn: () => void) => {
      if (!this.closed) fn();
    };
    child.on('error', (err) => this.options.logger.warn({ err, jobId: attempt.spec.jobId }, 'local job process error'));
    child.stdout?.setEncoding('utf8').on('data', (text: string) => report(() => hooks.onLog(text, 'stdout')));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      if (attempt.stderrHead.length < 1024) attempt.stderrHead += text;
      report(() => hooks.onLog(text, 'stderr'));
    });
    child.once('exit', (code, signal) => {
      attempt.guard.stop();
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
  const { stopping } = attempt;
  if (stopping === 'cancel') return { state: 'cancelled', reason: 'cancelled' };
  if (stopping === 'timeout')
    return {
      state: 'failed',
      reason: `ran past its ${attempt.spec.timeoutSeconds} s timeout`,
      ...(code !== null ? { exitCode: code } : {})
    };
  if (stopping) return { state: 'failed', reason: `stopped: it ${stopping.exceeded}` };
  if (code === 0) return { state: 'succeeded', exitCode: 0 };
  const unstarted = attempt.sandboxed && code !== null ? SANDBOX_EXEC_FAILURE.exec(attempt.stderrHead) : null;
  if (unstarted) return { state: 'failed', reason: `could not start ${JSON.stringify(unstarted[1])}: ${unstarted[2]}`, exitCode: 1 };
  if (code !== null) return { state: 'failed', reason: `exit code ${code}`, exitCode: code };
  return { state: 'failed', reason: `killed by ${signal ?? 'a signal'}` };
}

/** What bubblewrap (or setpriv, for a root backend) prints, and nothing else, when the job's command cannot be run. */
const SANDBOX_EXEC_FAILURE = /^(?:bwrap: execvp|setpriv: failed to execute) (.+?): (.+)\n?$/;

/** Resolves once the process exists; rejects (e.g. command not found) when it cannot start. */
function spawnProcess(
  program: string,
  file: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; uid?: number; gid?: number }
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.once('spawn', () => resolve(child));
    child.once('error', (err) => reject(new Error(`could not start ${JSON.stringify(program)}: ${err.message}`)));
  });
}
