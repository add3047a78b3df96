/**
 * Writes groups of two documents (a change and its event, as the registry does) in an endless loop
 * until killed, printing the change's counter after each group the store acknowledged. Document
 * "subject" holds { counter: n } and event "ev<i>" exists for every i < n, so a group split by a crash
 * shows as a counter without its event or an event without its counter.
 * Usage: group-writer <store> [<group>:<write>]
 *   <store>: sqlite:<file> | mongodb:<url>#<database>
 *   <group>:<write>: SIGKILL this process right after write <write> (0 the change, 1 the event) of the
 *   <group>th group it writes (0-based): exactly between the two writes, or after both but before the
 *   store finished the group.
 */
import { openStore, type StoreOptions } from '../../platform/store';
import { groupWriteProbe } from '../../platform/store/group-writes';

export const SUBJECTS = 'crash_subjects';
export const EVENTS = 'crash_events';

export function storeOptionsOf(spec: string): StoreOptions {
  if (spec.startsWith('sqlite:')) return { kind: 'sqlite', path: spec.slice('sqlite:'.length) };
  const [url, dbName] = spec.slice('mongodb:'.length).split('#');
  return { kind: 'mongodb', url, dbName };
}

async function main(spec: string, killAt: string | undefined): Promise<void> {
  const store = await openStore(storeOptionsOf(spec));
  const subjects = store.collection<{ counter: number }>(SUBJECTS);
  if (!(await subjects.get('subject'))) await subjects.insert({ _id: 'subject', counter: 0 });
  const [killGroup, killWrite] = killAt ? killAt.split(':').map(Number) : [-1, -1];
  for (let group = 0; ; group++) {
    if (group === killGroup) {
      groupWriteProbe.afterWrite = (index) => {
        if (index === killWrite) process.kill(process.pid, 'SIGKILL');
      };
    }
    const current = (await subjects.get('subject'))!;
    await store.writeTogether([
      { collection: SUBJECTS, update: 'subject', expectedRev: current._rev, changes: { counter: current.counter + 1 } },
      { collection: EVENTS, insert: { _id: `ev${current.counter}`, counter: current.counter + 1 } }
    ]);
    process.stdout.write(`${current.counter + 1}\n`);
  }
}

if (require.main === module) {
  main(process.argv[2], process.argv[3]).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
