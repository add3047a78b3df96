/**
 * What the machine was doing, minute by minute, beside the soak's own figures: on a small shared
 * machine a slow minute is only readable with the backend's CPU, the load generator's CPU and event
 * loop delay, and the load average (other people's work) next to it. Also the backend's resident
 * memory per life (before and after the kill, sampled every 2 s): growth over a soak is a leak.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { round } from '../lib/measure';

/** Linux clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every common kernel). */
const TICKS_PER_SECOND = 100;

export interface MinuteFigures {
  /** Cores' worth of CPU the backend used (1 = one core busy all minute). */
  backendCpu: number;
  loadGeneratorCpu: number;
  /** The load generator's event loop delay, p99 (ms): above a few ms, its latencies include its own waiting. */
  loadGeneratorLoopP99Ms: number;
  loadAverage1m: number;
}

export interface Life {
  startMiB: number | null;
  peakMiB: number;
  lastMiB: number;
}

function procStat(pid: number | undefined): { cpuSeconds: number; rssMiB: number } | null {
  try {
    // Fields after the command's closing parenthesis: state is 3rd, utime 14th, stime 15th, rss (pages) 24th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    const rssMiB = (Number(fields[21]) * 4096) / 2 ** 20;
    return { cpuSeconds, rssMiB };
  } catch {
    return null;
  }
}

export class MachineSampler {
  readonly minutes: MinuteFigures[] = [];
  readonly lives: Life[] = [];
  private readonly loop = monitorEventLoopDelay({ resolution: 10 });
  private timer: NodeJS.Timeout | undefined;
  private minuteStart = performance.now();
  private clientCpuAtStart = process.cpuUsage();
  private backendCpu = 0;
  private lastBackendCpu = 0;
  private lastPid: number | undefined;
  private loads: number[] = [];

  constructor(private readonly pid: () => number | undefined) {}

  start(): void {
    const stat = procStat(this.pid());
    this.lastPid = this.pid();
    this.lastBackendCpu = stat?.cpuSeconds ?? 0;
    this.lives.push({ startMiB: stat ? round(stat.rssMiB, 1) : null, peakMiB: 0, lastMiB: 0 });
    this.loop.enable();
    this.minuteStart = performance.now();
    this.clientCpuAtStart = process.cpuUsage();
    this.timer = setInterval(() => this.sample(), 2000).unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample(true);
    this.loop.disable();
  }

  private sample(final = false): void {
    const pid = this.pid();
    const stat = procStat(pid);
    if (stat && pid !== this.lastPid) {
      // A restarted backend: a new life, whose CPU time all falls within the soak.
      this.lastPid = pid;
      this.lastBackendCpu = 0;
      this.lives.push({ startMiB: round(stat.rssMiB, 1), peakMiB: 0, lastMiB: 0 });
    }
    if (stat) {
      this.backendCpu += Math.max(0, stat.cpuSeconds - this.lastBackendCpu);
      this.lastBackendCpu = stat.cpuSeconds;
      const life = this.lives.at(-1)!;
      life.peakMiB = round(Math.max(life.peakMiB, stat.rssMiB), 1);
      life.lastMiB = round(stat.rssMiB, 1);
    }
    this.loads.push(loadavg()[0]);
    const elapsed = (performance.now() - this.minuteStart) / 1000;
    if (elapsed < 60 && !(final && elapsed > 5)) return;
    const cpu = process.cpuUsage(this.clientCpuAtStart);
    this.minutes.push({
      backendCpu: round(this.backendCpu / elapsed, 2),
      loadGeneratorCpu: round((cpu.user + cpu.system) / 1e6 / elapsed, 2),
      loadGeneratorLoopP99Ms: round(this.loop.percentile(99) / 1e6, 1),
      loadAverage1m: round(this.loads.reduce((s, x) => s + x, 0) / this.loads.length, 2)
    });
    this.loop.reset();
    this.minuteStart = performance.now();
    this.clientCpuAtStart = process.cpuUsage();
    this.backendCpu = 0;
    this.loads = [];
  }
}
