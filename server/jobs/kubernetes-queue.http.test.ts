/**
 * A job on a Kubernetes queue, end to end: submitted over HTTP, run by the Kubernetes executor against the
 * API-server double (objects validated with the Kubernetes schema, pods moved by the test), ending as the
 * Job does, with its log and its run.
 */
import { call, expectStatus } from '../testing/features';
import { jobLogs, submitJob, waitForEnd } from '../testing/jobs';
import { KubeApiDouble } from '../testing/kube-api/kube-api-double';
import { clientNodeForTests } from '../testing/kube-api/native-modules';
import { makeTempDir, type TempDir } from '../testing/temp-dir';
import { startTestServer, type TestServer } from '../testing/test-server';
import { KubernetesExecutor } from './kubernetes/executor';
import { kubernetesJobName } from './kubernetes/names';

const JOB_URL = 'http://mlportal.mlportal.svc.cluster.local:8765';
let double: KubeApiDouble;
let temp: TempDir;
let server: TestServer;

beforeAll(async () => {
  double = await KubeApiDouble.start();
  temp = makeTempDir('kube-queue');
  const client = clientNodeForTests();
  const kubeConfig = new client.KubeConfig();
  kubeConfig.loadFromFile(double.writeKubeconfig(temp.path));
  server = await startTestServer({
    env: {
      MLPORTAL_JOB_QUEUES: JSON.stringify([{ name: 'gpu', executor: 'kubernetes', team: 'vision', gpuQuota: 4 }]),
      MLPORTAL_JOB_URL: JOB_URL
    },
    jobExecutors: { kubernetes: new KubernetesExecutor({ client, kubeConfig, namespace: 'mlportal' }) }
  });
});

afterAll(async () => {
  await server.stop();
  await double.stop();
  temp.remove();
});

async function createdJob(jobId: string): Promise<Record<string, any>> {
  const name = kubernetesJobName(jobId, 1);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const job = double.job(name);
    if (job) return job as Record<string, any>;
    if (Date.now() > deadline) throw new Error(`no Kubernetes Job ${name} was created`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const gpuJob = {
  image: 'ghcr.io/mlportal/tslab-runtime:1.0',
  command: ['node', 'train.js'],
  queue: 'gpu',
  resources: { gpus: 2, gpuType: 'NVIDIA-A100-SXM4-80GB' }
};

test('a GPU job becomes a schema-valid batch/v1 Job with its limits and environment, streams its log and succeeds', async () => {
  const submitted = await submitJob(server, { name: 'train on the cluster', ...gpuJob, retries: 2 });
  const job = await createdJob(submitted.id);
  const container = job.spec.template.spec.containers[0];
  expect(container.resources.limits['nvidia.com/gpu']).toBe('2');
  expect(job.spec.template.spec.nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' });
  expect(job.spec.backoffLimit).toBe(2);
  const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
  expect(env).toMatchObject({ MLPORTAL_URL: JOB_URL, MLPORTAL_RUN_ID: submitted.runId, MLPORTAL_JOB_ID: submitted.id });
  expect(env.MLPORTAL_TOKEN).toMatch(/^mlp_/);

  const name = kubernetesJobName(submitted.id, 1);
  double.runPod(name);
  double.writeLog(name, 'epoch 1 loss 0.41\n');
  double.finishPod(name, { exitCode: 0 });
  const ended = await waitForEnd(server, submitted.id);
  expect(ended.state).toBe('succeeded');
  expect(await jobLogs(server, submitted.id)).toContain('epoch 1 loss 0.41');
  const run = await expectStatus(await call(server, 'GET', `/api/v1/runs/${submitted.runId}`), 200);
  expect(run.status).toBe('FINISHED');
});

test('a pod failing with the job’s own exit code fails the job at once: no second pod, no retry', async () => {
  const submitted = await submitJob(server, { name: 'exits 3', ...gpuJob, retries: 3 });
  const name = kubernetesJobName(submitted.id, 1);
  await createdJob(submitted.id);
  double.runPod(name);
  double.finishPod(name, { exitCode: 3 });
  const ended = await waitForEnd(server, submitted.id);
  expect(ended.state).toBe('failed');
  expect(ended.reason).toContain('exit code 3');
  expect(double.pods(name)).toHaveLength(1);
  expect(ended.attempts).toHaveLength(1);
});
