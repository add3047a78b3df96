/**
 * Labels and the quality buckets they feed are written together, on both stores: a write group cut
 * after its first write leaves neither (SQLite: the transaction) or both once the store is reopened
 * (FerretDB: the outbox), never buckets that count labels that are not stored, which a resent label
 * would then take out twice. Requests with more labels than one group holds are split into groups.
 */
import { groupWriteProbe } from '../../platform/store/group-writes';
import type { DocumentStore } from '../../platform/store';
import { storeTargets, type StartedStore } from '../../testing/store-targets';
import { LABELS_COLLECTION, LABELS_PER_GROUP, QUALITY_BUCKETS_COLLECTION, QualityStore, type NewLabel } from './quality-store';

function label(n: number, truth = n % 2): NewLabel {
  return {
    predictionId: `p${n}`,
    deployment: 'late',
    model: 'm',
    version: 1,
    role: 'primary',
    predictedAt: new Date(Date.UTC(2026, 0, 1, n % 3)).toISOString(),
    task: 'classification',
    label: truth === 1,
    truth,
    estimate: 0.25
  };
}

describe.each(storeTargets('quality-store'))('labels and their buckets on $name', (target) => {
  let started: StartedStore;
  let store: DocumentStore;

  beforeAll(async () => {
    started = await target.start();
    store = await started.open();
  }, 60_000);

  afterAll(async () => {
    groupWriteProbe.afterWrite = undefined;
    await store?.close();
    await started?.stop();
  }, 60_000);

  /** Labels stored, and labels the buckets count. */
  async function counts(): Promise<{ labels: number; counted: number }> {
    const reopened = await started.open();
    try {
      const buckets = await reopened.collection<{ aggregate: { labelled: number } }>(QUALITY_BUCKETS_COLLECTION).find();
      return {
        labels: await reopened.collection(LABELS_COLLECTION).count(),
        counted: buckets.reduce((sum, b) => sum + b.aggregate.labelled, 0)
      };
    } finally {
      await reopened.close();
    }
  }

  it('splits a large request into groups and counts every label once', async () => {
    const records = new QualityStore(store);
    await records.prepare();
    const many = Array.from({ length: LABELS_PER_GROUP * 2 + 7 }, (_, i) => label(i));
    await records.record(many, 'tester', new Date());
    expect(await counts()).toEqual({ labels: many.length, counted: many.length });
    // A second label for the same predictions replaces the first: still counted once.
    await records.record(
      many.slice(0, 10).map((l) => label(Number(l.predictionId.slice(1)), 1 - l.truth)),
      'tester',
      new Date()
    );
    expect(await counts()).toEqual({ labels: many.length, counted: many.length });
  }, 60_000);

  it('keeps labels and their buckets together when the write is cut after the buckets', async () => {
    const records = new QualityStore(store);
    const before = await counts();
    groupWriteProbe.afterWrite = (index) => {
      if (index !== 0) return;
      groupWriteProbe.afterWrite = undefined;
      throw new Error('crashed between the bucket and the labels');
    };
    const fresh = [100_001, 100_002, 100_003].map((n) => label(n));
    await expect(records.record(fresh, 'tester', new Date())).rejects.toThrow(/crashed/);
    // counts() reopens the store, as a restart would: MongoDB's outbox is completed then.
    const after = await counts();
    expect(after.labels).toBe(after.counted);
    expect(after.labels - before.labels).toBe(target.name === 'sqlite' ? 0 : fresh.length);
  });
});
