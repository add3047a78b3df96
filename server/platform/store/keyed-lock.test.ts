import { KeyedLock } from './keyed-lock';

describe('KeyedLock', () => {
  it('runs sections with one key in turn and sections with other keys meanwhile', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    let openFirst!: () => void;
    const firstMayEnd = new Promise<void>((resolve) => (openFirst = resolve));

    const first = lock.run('a', async () => {
      events.push('a1 start');
      await firstMayEnd;
      events.push('a1 end');
    });
    const second = lock.run('a', async () => {
      events.push('a2 start');
    });
    await lock.run('b', async () => {
      events.push('b start');
    });
    expect(events).toEqual(['a1 start', 'b start']);

    openFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(['a1 start', 'b start', 'a1 end', 'a2 start']);
    expect(lock.size).toBe(0);
  });

  it('releases the key when a section fails', async () => {
    const lock = new KeyedLock();
    await expect(lock.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.run('k', async () => 'next')).resolves.toBe('next');
    expect(lock.size).toBe(0);
  });
});
