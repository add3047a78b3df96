/** The labelling queue keeps at most its cap of rows per deployment, dropping the oldest. */
import path from 'node:path';
import { openStore, type DocumentStore } from '../../platform/store';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import type { MonitoringConfig } from '@mlportal/contract';
import type { LoggedPrediction } from '../config/serving-port';
import { LabellingQueue, MAX_QUEUED_PER_DEPLOYMENT } from './labelling-queue';

const config = { deployment: 'd', task: 'classification', lowConfidence: { margin: 0.1 } } as MonitoringConfig;

function prediction(deployment: string, n: number): LoggedPrediction {
  return {
    id: `${deployment}-${n}`,
    deployment,
    model: 'm',
    version: 1,
    role: 'primary',
    requestId: `r${n}`,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    latencyMs: 1,
    features: { x: n },
    inputs: null,
    entityKeys: null,
    outputs: { p: 0.5 },
    prediction: 0.5
  };
}

describe('labelling queue cap', () => {
  let dir: TempDir;
  let store: DocumentStore;

  beforeAll(async () => {
    dir = makeTempDir('labelling-queue');
    store = await openStore({ kind: 'sqlite', path: path.join(dir.path, 'store.sqlite') });
  });

  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  it('has a cap far above what people label by hand', () => {
    expect(MAX_QUEUED_PER_DEPLOYMENT).toBe(10_000);
  });

  it('drops the oldest rows of a deployment beyond the cap, leaving other deployments alone', async () => {
    const queue = new LabellingQueue(store, 5);
    await queue.prepare();
    await queue.offer(
      [1, 2, 3].map((n) => prediction('a', n)),
      config
    );
    await queue.offer(
      [4, 5, 6, 7].map((n) => prediction('a', n)),
      config
    );
    await queue.offer(
      [1, 2].map((n) => prediction('b', n)),
      config
    );
    await queue.offer(
      [8, 9, 10, 11, 12, 13, 14].map((n) => prediction('a', n)),
      config
    );
    const none = async () => new Set<string>();
    expect((await queue.list('a', 50, none)).map((p) => p.id)).toEqual(['a-14', 'a-13', 'a-12', 'a-11', 'a-10']);
    expect((await queue.list('b', 50, none)).map((p) => p.id)).toEqual(['b-2', 'b-1']);
  });
});
