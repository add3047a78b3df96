/**
 * The executor's scenario against a real cluster (see jest.cluster.config.js): a pod that logs and succeeds, a pod that
 * fails with the job's own exit code (no retry), a cancel, and a server-side dry run of the GPU-shaped Job so the real
 * API server validates what the double validates. Requires MLPORTAL_TEST_KUBECONFIG; fails (never skips) without it.
 */
import type { ExecutionSpec } from '../../jobs/executor';
import { KubernetesExecutor } from '../../jobs/kubernetes/executor';
import { buildJobManifest } from '../../jobs/kubernetes/job-manifest';
import { kubernetesJobName } from '../../jobs/kubernetes/names';
import { ExecutionRecorder } from './execution-recorder';
import { clientNodeForTests } from './native-modules';

const kubeconfigPath = process.env.MLPORTAL_TEST_KUBECONFIG;
if (!kubeconfigPath) throw new Error('MLPORTAL_TEST_KUBECONFIG must name the kubeconfig of the cluster to test against');
const namespace = process.env.MLPORTAL_TEST_NAMESPACE ?? 'mlportal';
const image = process.env.MLPORTAL_TEST_IMAGE ?? 'busybox:1.36';

const client = clientNodeForTests();
const kubeConfig = new client.KubeConfig();
kubeConfig.loadFromFile(kubeconfigPath);
let executor: KubernetesExecutor;

beforeAll(() => {
  executor = new KubernetesExecutor({ client, kubeConfig, namespace, ttlSecondsAfterFinished: 300 });
});

afterAll(async () => {
  await executor.close();
});

function spec(script: string, overrides: Partial<ExecutionSpec> = {}): ExecutionSpec {
  return {
    jobId: `job-${Date.now().toString(16).slice(-8)}${Math.floor(Math.random() * 0xffff)
      .toString(16)
      .padStart(4, '0')}`,
    attempt: 1,
    name: 'cluster test',
    image,
    command: ['sh', '-c', script],
    args: [],
    env: { MLPORTAL_TEST: '1' },
    resources: { cpu: 0.1, memoryBytes: 64 * 2 ** 20, gpus: 0 },
    timeoutSeconds: 240,
    retries: 2,
    outputDir: '/outputs',
    labels: {},
    ...overrides
  };
}

test('the GPU-shaped Job passes the real API server validation (server-side dry run, strict fields)', async () => {
  const gpu = spec('true', { resources: { cpu: 4, memoryBytes: 8 * 2 ** 30, gpus: 2, gpuType: 'NVIDIA-A100-SXM4-80GB' } });
  const body = buildJobManifest(gpu, { namespace, ttlSecondsAfterFinished: 300 });
  const batch = kubeConfig.makeApiClient(client.BatchV1Api);
  const created = await batch.createNamespacedJob({ namespace, body, dryRun: 'All', fieldValidation: 'Strict' });
  expect(created.spec?.template.spec?.containers[0].resources?.limits?.['nvidia.com/gpu']).toBe('2');
});

test('a pod that logs and exits 0 ends succeeded with its log', async () => {
  const hooks = new ExecutionRecorder();
  await executor.start(spec('echo hello from mlportal; sleep 2; echo done'), hooks);
  expect(await hooks.final()).toMatchObject({ state: 'succeeded' });
  expect(hooks.log).toContain('hello from mlportal');
  expect(hooks.log).toContain('done');
});

test("a pod that fails with the job's own exit code fails the job without a second pod", async () => {
  const failing = spec('echo failing; exit 3');
  const hooks = new ExecutionRecorder();
  await executor.start(failing, hooks);
  expect(await hooks.final()).toMatchObject({ state: 'failed', reason: 'exit code 3', exitCode: 3 });
  const core = kubeConfig.makeApiClient(client.CoreV1Api);
  const pods = await core.listNamespacedPod({
    namespace,
    labelSelector: `batch.kubernetes.io/job-name=${kubernetesJobName(failing.jobId, 1)}`
  });
  expect(pods.items).toHaveLength(1);
});

test('cancel deletes the Job with its pods', async () => {
  const long = spec('echo started; sleep 600');
  const hooks = new ExecutionRecorder();
  await executor.start(long, hooks);
  await hooks.logContaining('started');
  await executor.cancel(long.jobId);
  expect(hooks.updates.at(-1)).toMatchObject({ state: 'cancelled' });
});
