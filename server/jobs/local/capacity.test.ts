/** The local machine's capacity: a large job that waits has what it needs held for it, so smaller ones behind cannot starve it. */
import { LocalCapacity } from './capacity';

const gpu = (index: string) => ({ index, name: 'NVIDIA H100 80GB HBM3', memoryMiB: 81559 });

describe('LocalCapacity', () => {
  it('admits what fits, and says why the rest waits or can never run', () => {
    const machine = new LocalCapacity(4, [gpu('0'), gpu('1')]);
    expect(machine.admits({ cpu: 2, gpus: 1 })).toEqual({ admit: true });
    expect(machine.admits({ gpus: 3 })).toEqual({ admit: false, never: 'asks for 3 GPUs but the local executor has 2 GPUs' });
    machine.take({ cpu: 3, gpus: 2 });
    expect(machine.admits({ cpu: 2, gpus: 0 })).toEqual({ admit: false, wait: 'waiting for 2 cores: 3 of 4 in use on the local executor' });
    expect(machine.admits({ gpus: 1 })).toEqual({ admit: false, wait: 'waiting for 1 GPU: 0 of 2 free on the local executor' });
  });

  it('holds cores for an earlier job that waits: a small job behind it waits too instead of taking them', () => {
    const machine = new LocalCapacity(2, []);
    machine.take({ cpu: 1, gpus: 0 });
    const large = { cpu: 2, gpus: 0 };
    expect(machine.admits(large)).toMatchObject({ admit: false });
    expect(machine.admits({ cpu: 1, gpus: 0 })).toEqual({ admit: true });
    expect(machine.admits({ cpu: 1, gpus: 0 }, [large])).toEqual({
      admit: false,
      wait: 'waiting behind earlier jobs that need 2 cores on the local executor'
    });
  });

  it('holds GPUs for an earlier job that waits, and lets a job that needs none of them use what is left', () => {
    const machine = new LocalCapacity(8, [gpu('0'), gpu('1')]);
    machine.take({ cpu: 1, gpus: 1 });
    const twoGpus = { cpu: 1, gpus: 2 };
    expect(machine.admits(twoGpus)).toMatchObject({ admit: false });
    expect(machine.admits({ cpu: 1, gpus: 1 }, [twoGpus])).toEqual({
      admit: false,
      wait: 'waiting behind earlier jobs that need 1 core and 2 GPUs on the local executor'
    });
    expect(machine.admits({ cpu: 1, gpus: 0 }, [twoGpus])).toEqual({ admit: true });
  });
});
