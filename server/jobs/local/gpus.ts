/**
 * The machine's NVIDIA GPUs, as nvidia-smi lists them. No nvidia-smi (or one that fails: no
 * driver) means no GPUs. The command is a parameter so a test can put a stand-in script on PATH.
 */
import { execFile } from 'node:child_process';

export interface GpuDevice {
  /** nvidia-smi's index: what CUDA_VISIBLE_DEVICES names. */
  index: string;
  name: string;
  memoryMiB?: number;
}

const QUERY = ['--query-gpu=index,name,memory.total', '--format=csv,noheader'];
const QUERY_TIMEOUT_MS = 15_000;

export interface GpuQueryResult {
  gpus: GpuDevice[];
  /** Why none were found when nvidia-smi is there but failed; absent when it is simply missing. */
  problem?: string;
}

export function queryGpus(command = 'nvidia-smi', env: NodeJS.ProcessEnv = process.env): Promise<GpuQueryResult> {
  return new Promise((resolve) => {
    execFile(command, QUERY, { env, timeout: QUERY_TIMEOUT_MS, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) {
        const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
        resolve(missing ? { gpus: [] } : { gpus: [], problem: `${command} failed: ${(stderr || err.message).trim()}` });
        return;
      }
      resolve({ gpus: parseGpuList(stdout) });
    });
  });
}

/** "0, NVIDIA H100 80GB HBM3, 81559 MiB" per line. */
export function parseGpuList(csv: string): GpuDevice[] {
  const devices: GpuDevice[] = [];
  for (const line of csv.split(/\r?\n/)) {
    const fields = line.split(',').map((field) => field.trim());
    if (fields.length < 2 || !/^\d+$/.test(fields[0])) continue;
    const memory = /^(\d+)\s*MiB$/i.exec(fields[fields.length - 1]);
    const name = fields.slice(1, memory ? -1 : undefined).join(', ');
    devices.push({ index: fields[0], name, ...(memory ? { memoryMiB: Number(memory[1]) } : {}) });
  }
  return devices;
}
