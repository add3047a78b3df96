/**
 * GPUs on the local executor: a stand-in nvidia-smi (a real script first on PATH) lists two GPUs;
 * jobs get distinct CUDA_VISIBLE_DEVICES, wait when none is free, wait on their team's quota, and
 * fail at once when they ask for more than there can ever be.
 */
import path from 'node:path';
import { call, expectStatus } from '../testing/features';
import {
  jobLogs,
  nodeJob,
  releaseJob,
  submitJob,
  WAIT_FOR_RELEASE,
  waitForEnd,
  waitForJob,
  waitForLog,
  writeFakeNvidiaSmi
} from '../testing/jobs';
import { makeTempDir, type TempDir } from '../testing/temp-dir';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
let bin: TempDir;
const originalPath = process.env.PATH;

beforeAll(async () => {
  bin = makeTempDir('fake-nvidia-smi');
  writeFakeNvidiaSmi(bin.path, 2);
  // The executor asks the nvidia-smi on the backend's PATH (this jest worker's).
  process.env.PATH = `${bin.path}${path.delimiter}${originalPath}`;
  const queues = [
    { name: 'default', executor: 'local' },
    { name: 'vision', executor: 'local', team: 'vision', gpuQuota: 1 }
  ];
  server = await startTestServer({ env: { MLPORTAL_JOB_QUEUES: JSON.stringify(queues) } });
});

afterAll(async () => {
  await server.stop();
  process.env.PATH = originalPath;
  bin.remove();
});

/** A job that prints its GPUs and then waits until the test releases it. */
function gpuJob(name: string, queue = 'default', gpus = 1) {
  const code = `(async () => { console.log('gpus=' + process.env.CUDA_VISIBLE_DEVICES + ' nvidia=' + process.env.NVIDIA_VISIBLE_DEVICES); ${WAIT_FOR_RELEASE} })();`;
  return { name, queue, command: nodeJob(code), resources: { gpus, cpu: 0.5 } };
}

describe('GPUs on the local executor', () => {
  it('gives two 1-GPU jobs GPUs 0 and 1, and the third waits until one is free', async () => {
    const a = await submitJob(server, gpuJob('gpu-a'));
    const b = await submitJob(server, gpuJob('gpu-b'));
    const c = await submitJob(server, gpuJob('gpu-c'));
    const runningA = await waitForJob(
      server,
      a.id,
      (job) => job.state === 'running' && job.attempts[0]?.placement?.gpus,
      'running on a GPU'
    );
    const runningB = await waitForJob(
      server,
      b.id,
      (job) => job.state === 'running' && job.attempts[0]?.placement?.gpus,
      'running on a GPU'
    );
    const gpusOf = async (id: string) => /gpus=(\S*) nvidia=(\S*)/.exec(await waitForLog(server, id, /gpus=/))!.slice(1);
    const [gpuA, nvidiaA] = await gpusOf(a.id);
    const [gpuB] = await gpusOf(b.id);
    expect([gpuA, gpuB].sort()).toEqual(['0', '1']);
    expect(nvidiaA).toBe(gpuA);
    expect(runningA.attempts[0].placement).toEqual({ gpus: [gpuA] });
    expect(runningB.attempts[0].placement).toEqual({ gpus: [gpuB] });

    const waiting = await waitForJob(server, c.id, (job) => job.waitingReason !== undefined, 'waiting');
    expect(waiting).toMatchObject({ state: 'queued', waitingReason: 'waiting for 1 GPU: 0 of 2 free on the local executor' });
    expect(expectStatus(await call(server, 'GET', '/api/v1/queues'), 200).queues[0]).toMatchObject({
      name: 'default',
      running: 2,
      queued: 1,
      gpusInUse: 2
    });

    releaseJob(server, a.id);
    await waitForEnd(server, a.id);
    const runningC = await waitForJob(server, c.id, (job) => job.state === 'running', 'running');
    expect(runningC.waitingReason).toBeUndefined();
    const [gpuC] = await gpusOf(c.id);
    expect(gpuC).toBe(gpuA);

    releaseJob(server, b.id);
    releaseJob(server, c.id);
    for (const id of [b.id, c.id]) expect((await waitForEnd(server, id)).state).toBe('succeeded');
  });

  it('keeps a job waiting on its team’s GPU quota, saying why, and starts it when the quota frees', async () => {
    const one = await submitJob(server, gpuJob('vision-1', 'vision'));
    await waitForJob(server, one.id, (job) => job.state === 'running', 'running');
    const two = await submitJob(server, gpuJob('vision-2', 'vision'));
    const waiting = await waitForJob(server, two.id, (job) => job.waitingReason !== undefined, 'waiting');
    expect(waiting).toMatchObject({ state: 'queued', waitingReason: 'waiting for 1 GPU: team vision uses 1 of its quota 1' });
    expect(expectStatus(await call(server, 'GET', '/api/v1/queues'), 200).queues[1]).toEqual({
      name: 'vision',
      executor: 'local',
      team: 'vision',
      gpuQuota: 1,
      running: 1,
      queued: 1,
      gpusInUse: 1
    });

    releaseJob(server, one.id);
    await waitForEnd(server, one.id);
    await waitForJob(server, two.id, (job) => job.state === 'running', 'running');
    releaseJob(server, two.id);
    expect((await waitForEnd(server, two.id)).state).toBe('succeeded');
  });

  it('fails at once a job asking for more GPUs than the machine or the quota can ever give', async () => {
    const tooMany = await waitForEnd(server, (await submitJob(server, gpuJob('three', 'default', 3))).id);
    expect(tooMany).toMatchObject({ state: 'failed', reason: 'asks for 3 GPUs but the local executor has 2 GPUs', attempts: [] });
    const overQuota = await waitForEnd(server, (await submitJob(server, gpuJob('two', 'vision', 2))).id);
    expect(overQuota).toMatchObject({ state: 'failed', reason: "asks for 2 GPUs but team vision's quota is 1" });
    expect(expectStatus(await call(server, 'GET', `/api/v1/runs/${overQuota.runId}`), 200).status).toBe('FAILED');
    expect(await jobLogs(server, overQuota.id)).toBe("[mlportal] job failed: asks for 2 GPUs but team vision's quota is 1\n");
  });
});
