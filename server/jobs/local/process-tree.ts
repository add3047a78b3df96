/**
 * A job attempt's processes, read from /proc: everything descended from the process the executor
 * started, wherever it moved (a new session or process group does not leave the tree, and in the
 * sandbox's process namespace an orphan is adopted by a process that is itself in the tree).
 */
import { promises as fs } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** The program name as the kernel has it (15 characters at most). */
  comm: string;
  /** User plus system CPU time, in clock ticks. */
  cpuTicks: number;
}

/** Linux's USER_HZ, the unit of /proc's CPU times, on every architecture we run on. */
export const CLOCK_TICKS_PER_SECOND = 100;

async function readProcess(pid: number): Promise<ProcessInfo | undefined> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  return {
    pid,
    ppid: Number(fields[1]),
    comm: stat.slice(stat.indexOf('(') + 1, close),
    cpuTicks: Number(fields[11]) + Number(fields[12])
  };
}

/** `root` and all its descendants that are alive now. */
export async function processTree(root: number): Promise<ProcessInfo[]> {
  const pids = (await fs.readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name)).map(Number);
  const all = (await Promise.all(pids.map(readProcess))).filter((p): p is ProcessInfo => p !== undefined);
  const children = new Map<number, ProcessInfo[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const found = all.filter((p) => p.pid === root);
  for (let i = 0; i < found.length; i++) found.push(...(children.get(found[i].pid) ?? []));
  return found;
}

/** Resident memory of one process in bytes (0 when it is gone). */
export async function residentBytes(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kib = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return kib ? Number(kib[1]) * 1024 : 0;
}

/** Sends `signal` to each process; ones gone meanwhile are skipped. */
export function signalEach(processes: readonly { pid: number }[], signal: NodeJS.Signals): void {
  for (const { pid } of processes) {
    try {
      process.kill(pid, signal);
    } catch {
      // gone already
    }
  }
}
