/**
 * Holds a local job attempt to the memory and CPU it asked for, without privileges or cgroups: its
 * process tree is sampled a few times a second. Memory: the tree's resident memory over the limit
 * ends the attempt (`onExceeded`). CPU: CPU time beyond `cpu` cores is paid back by stopping the
 * tree (SIGSTOP) for as long as the excess takes to even out, then continuing it (SIGCONT), as
 * cpulimit does; the job runs at its share on average, however many threads it starts.
 */
import { CLOCK_TICKS_PER_SECOND, processTree, residentBytes, signalEach, type ProcessInfo } from './process-tree';

export interface ResourceLimits {
  memoryBytes?: number;
  cpu?: number;
}

const SAMPLE_MS = 200;
const MAX_PAUSE_MS = 2_000;

export class ResourceGuard {
  private timer?: NodeJS.Timeout;
  private paused?: ProcessInfo[];
  private lastTicks = new Map<number, number>();
  private credit = 0;
  private done = false;

  constructor(
    private readonly root: number,
    private readonly limits: ResourceLimits,
    private readonly onExceeded: (reason: string) => void,
    private readonly sampleMs = SAMPLE_MS
  ) {}

  start(): void {
    if (this.limits.memoryBytes === undefined && this.limits.cpu === undefined) return;
    this.schedule(this.sampleMs);
  }

  /** Stops watching and lets a paused tree run again (before it is signalled to end). */
  stop(): void {
    this.done = true;
    clearTimeout(this.timer);
    this.resume();
  }

  private schedule(ms: number): void {
    if (this.done) return;
    this.timer = setTimeout(() => void this.sample().catch(() => this.schedule(this.sampleMs)), ms);
    this.timer.unref();
  }

  private async sample(): Promise<void> {
    const tree = await processTree(this.root);
    if (this.done || tree.length === 0) return;
    const { memoryBytes, cpu } = this.limits;
    if (memoryBytes !== undefined) {
      const used = (await Promise.all(tree.map((p) => residentBytes(p.pid)))).reduce((a, b) => a + b, 0);
      if (used > memoryBytes) {
        this.done = true;
        this.onExceeded(`used ${mebibytes(used)} of memory, over its limit of ${mebibytes(memoryBytes)}`);
        return;
      }
    }
    const pauseMs = cpu === undefined ? 0 : this.overdraft(tree, cpu);
    if (pauseMs > 0) {
      this.paused = tree;
      signalEach(tree, 'SIGSTOP');
      this.timer = setTimeout(() => {
        this.resume();
        this.schedule(this.sampleMs);
      }, pauseMs);
      this.timer.unref();
      return;
    }
    this.schedule(this.sampleMs);
  }

  /** Milliseconds the tree must stand still to pay back the CPU time it used beyond its share since the last sample. */
  private overdraft(tree: ProcessInfo[], cpu: number): number {
    let used = 0;
    const seen = new Map<number, number>();
    for (const p of tree) {
      used += p.cpuTicks - (this.lastTicks.get(p.pid) ?? 0);
      seen.set(p.pid, p.cpuTicks);
    }
    this.lastTicks = seen;
    const allowed = (cpu * this.sampleMs * CLOCK_TICKS_PER_SECOND) / 1000;
    // Unused share carries over for one sample at most: a job idle for a minute may not then burst on every core.
    this.credit = Math.min(this.credit + allowed, allowed) - used;
    if (this.credit >= 0) return 0;
    // A pause is at most MAX_PAUSE_MS (so a cancel or the log stays timely); what it does not pay back stays owed.
    const pauseMs = Math.min(MAX_PAUSE_MS, (-this.credit / CLOCK_TICKS_PER_SECOND / cpu) * 1000);
    this.credit += (pauseMs * cpu * CLOCK_TICKS_PER_SECOND) / 1000;
    return pauseMs;
  }

  private resume(): void {
    if (this.paused) signalEach(this.paused, 'SIGCONT');
    this.paused = undefined;
  }
}

function mebibytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}
