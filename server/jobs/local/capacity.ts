/**
 * What the local machine has left: cores (as jobs ask for them; 1 when they do not say) and GPUs,
 * each GPU held by one attempt at a time so two jobs never share one.
 */
import type { Admission } from '../executor';
import type { GpuDevice } from './gpus';

export interface Holding {
  cores: number;
  gpus: string[];
}

export class LocalCapacity {
  private readonly busyGpus = new Set<string>();
  private usedCores = 0;

  constructor(
    readonly cores: number,
    readonly gpus: readonly GpuDevice[],
    private readonly gpuProblem?: string
  ) {}

  /**
   * Whether `request` fits now. `reserved` are earlier jobs that wait for room: what they need is held for them, so a
   * stream of small jobs cannot keep a large one waiting for ever (the small ones still fill what is left over).
   */
  admits(request: { cpu?: number; gpus: number }, reserved: readonly { cpu?: number; gpus: number }[] = []): Admission {
    const cores = coresOf(request);
    if (request.gpus > this.gpus.length) {
      const found =
        this.gpus.length === 0
          ? `no GPUs${this.gpuProblem ? ` (${this.gpuProblem})` : ' (nvidia-smi found none)'}`
          : `${this.gpus.length} GPU${this.gpus.length === 1 ? '' : 's'}`;
      return { admit: false, never: `asks for ${request.gpus} GPU${request.gpus === 1 ? '' : 's'} but the local executor has ${found}` };
    }
    if (cores > this.cores) return { admit: false, never: `asks for ${cores} cores but the local executor has ${this.cores}` };
    const freeGpus = this.gpus.length - this.busyGpus.size;
    if (request.gpus > freeGpus) {
      return {
        admit: false,
        wait: `waiting for ${request.gpus} GPU${request.gpus === 1 ? '' : 's'}: ${freeGpus} of ${this.gpus.length} free on the local executor`
      };
    }
    if (this.usedCores + cores > this.cores) {
      return {
        admit: false,
        wait: `waiting for ${cores} core${cores === 1 ? '' : 's'}: ${round(this.usedCores)} of ${this.cores} in use on the local executor`
      };
    }
    const heldGpus = reserved.reduce((sum, r) => sum + r.gpus, 0);
    const heldCores = reserved.reduce((sum, r) => sum + coresOf(r), 0);
    if ((request.gpus > 0 && request.gpus > freeGpus - heldGpus) || this.usedCores + heldCores + cores > this.cores) {
      return { admit: false, wait: `waiting behind earlier jobs that need ${describeHeld(heldCores, heldGpus)} on the local executor` };
    }
    return { admit: true };
  }

  /** Takes what the request needs; undefined when it does not fit now. */
  take(request: { cpu?: number; gpus: number }): Holding | undefined {
    if (!this.admits(request).admit) return undefined;
    const gpus = this.gpus
      .map((g) => g.index)
      .filter((index) => !this.busyGpus.has(index))
      .slice(0, request.gpus);
    gpus.forEach((index) => this.busyGpus.add(index));
    const cores = coresOf(request);
    this.usedCores += cores;
    return { cores, gpus };
  }

  release(holding: Holding): void {
    holding.gpus.forEach((index) => this.busyGpus.delete(index));
    this.usedCores = Math.max(0, this.usedCores - holding.cores);
  }
}

function coresOf(request: { cpu?: number }): number {
  return request.cpu ?? 1;
}

function describeHeld(cores: number, gpus: number): string {
  const parts = [`${round(cores)} core${cores === 1 ? '' : 's'}`, ...(gpus > 0 ? [`${gpus} GPU${gpus === 1 ? '' : 's'}`] : [])];
  return parts.join(' and ');
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
