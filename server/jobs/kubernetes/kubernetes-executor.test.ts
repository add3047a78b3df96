/** The Kubernetes executor against the API-server double (real HTTP, schema-validated objects, test-driven pods). */
import type { ExecutionSpec } from '../executor';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { ExecutionRecorder } from '../../testing/kube-api/execution-recorder';
import { KubeApiDouble } from '../../testing/kube-api/kube-api-double';
import { clientNodeForTests } from '../../testing/kube-api/native-modules';
import { KubernetesExecutor } from './executor';
import { kubernetesJobName } from './names';

const client = clientNodeForTests();
let double: KubeApiDouble;
let temp: TempDir;
let kubeconfigPath: string;
const executors: KubernetesExecutor[] = [];
const problems: string[] = [];

beforeEach(async () => {
  double = await KubeApiDouble.start();
  temp = makeTempDir('kube-executor');
  kubeconfigPath = double.writeKubeconfig(temp.path);
  problems.length = 0;
});

afterEach(async () => {
  for (const executor of executors.splice(0)) await executor.close();
  await double.stop();
  temp.remove();
});

function newExecutor(): KubernetesExecutor {
  const kubeConfig = new client.KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const executor = new KubernetesExecutor({ client, kubeConfig, namespace: 'mlportal', onProblem: (m) => problems.push(m) });
  executors.push(executor);
  return executor;
}

let nextId = 0;
function gpuSpec(overrides: Partial<ExecutionSpec> = {}): ExecutionSpec {
  nextId++;
  return {
    jobId: `job-00000000000${nextId.toString(16)}`,
    attempt: 1,
    name: 'train resnet',
    image: 'ghcr.io/mlportal/tslab-runtime:1.0',
    command: ['node', 'train.js'],
    args: ['--epochs', '3'],
    env: { MLPORTAL_RUN_ID: 'run-1', MLPORTAL_OUTPUT_DIR: '/outputs' },
    resources: { cpu: 4, memoryBytes: 8 * 2 ** 30, gpus: 2, gpuType: 'NVIDIA-A100-SXM4-80GB' },
    timeoutSeconds: 600,
    retries: 2,
    outputDir: '/outputs',
    labels: { team: 'vision' },
    ...overrides
  };
}

function jobNameOf(spec: ExecutionSpec): string {
  return kubernetesJobName(spec.jobId, spec.attempt);
}

test('the Job it creates passes the API server checks and carries GPU limits, placement, failure policy, deadline and labels', async () => {
  const spec = gpuSpec();
  await newExecutor().start(spec, new ExecutionRecorder());
  const create = double.requests.find((r) => r.method === 'POST');
  expect(create?.query.fieldValidation).toBe('Strict');
  const job = double.job(jobNameOf(spec)) as Record<string, any>;
  expect(job.metadata.labels).toMatchObject({
    'app.kubernetes.io/managed-by': 'mlportal',
    'mlportal.dev/job-id': spec.jobId,
    team: 'vision'
  });
  expect(job.spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 3600 });
  expect(job.spec.podFailurePolicy.rules).toEqual([
    { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
    { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'NotIn', values: [0] } }
  ]);
  const podSpec = job.spec.template.spec;
  expect(podSpec.restartPolicy).toBe('Never');
  expect(podSpec.nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' });
  expect(podSpec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  const container = podSpec.containers[0];
  expect(container).toMatchObject({ name: 'main', image: spec.image, command: spec.command, args: spec.args });
  expect(container.resources.limits).toEqual({ cpu: '4000m', memory: String(8 * 2 ** 30), 'nvidia.com/gpu': '2' });
  expect(container.env).toEqual(expect.arrayContaining([{ name: 'MLPORTAL_RUN_ID', value: 'run-1' }]));
});

test('logs stream into onLog while the pod runs, and a pod that succeeds ends the job succeeded', async () => {
  const spec = gpuSpec();
  const hooks = new ExecutionRecorder();
  await newExecutor().start(spec, hooks);
  double.runPod(jobNameOf(spec));
  const running = await hooks.state('running');
  expect(running.placement).toEqual({ node: 'gpu-node-1' });
  double.writeLog(jobNameOf(spec), 'epoch 1 loss 0.9\n');
  await hooks.logContaining('epoch 1');
  double.writeLog(jobNameOf(spec), 'epoch 2 loss 0.5\n');
  double.finishPod(jobNameOf(spec), { exitCode: 0 });
  expect(await hooks.final()).toMatchObject({ state: 'succeeded' });
  expect(hooks.log).toBe('epoch 1 loss 0.9\nepoch 2 loss 0.5\n');
});

test("a pod failing with the job's own exit code fails the job at once: no second pod despite retries", async () => {
  const spec = gpuSpec({ retries: 3 });
  const hooks = new ExecutionRecorder();
  await newExecutor().start(spec, hooks);
  double.runPod(jobNameOf(spec));
  double.writeLog(jobNameOf(spec), 'Error: out of patience\n');
  double.finishPod(jobNameOf(spec), { exitCode: 3 });
  expect(await hooks.final()).toMatchObject({ state: 'failed', reason: 'exit code 3', exitCode: 3 });
  expect(double.pods(jobNameOf(spec))).toHaveLength(1);
  expect(hooks.log).toContain('out of patience');
});

test('a disrupted pod is replaced without counting against retries, and the replacement succeeds', async () => {
  const spec = gpuSpec({ retries: 0 });
  const hooks = new ExecutionRecorder();
  await newExecutor().start(spec, hooks);
  double.runPod(jobNameOf(spec));
  double.writeLog(jobNameOf(spec), 'first pod\n');
  await hooks.logContaining('first pod');
  double.disruptPod(jobNameOf(spec));
  expect(double.pods(jobNameOf(spec))).toHaveLength(2);
  double.runPod(jobNameOf(spec));
  double.writeLog(jobNameOf(spec), 'second pod\n');
  double.finishPod(jobNameOf(spec), { exitCode: 0 });
  expect(await hooks.final()).toMatchObject({ state: 'succeeded' });
  expect(hooks.log).toContain('first pod\n');
  expect(hooks.log).toContain('second pod\n');
  expect(hooks.updates.filter((u) => u.state === 'running')).toHaveLength(2);
});

test('running past activeDeadlineSeconds fails the job with its timeout as the reason', async () => {
  const spec = gpuSpec({ timeoutSeconds: 90 });
  const hooks = new ExecutionRecorder();
  await newExecutor().start(spec, hooks);
  double.runPod(jobNameOf(spec));
  double.exceedDeadline(jobNameOf(spec));
  expect(await hooks.final()).toMatchObject({ state: 'failed', reason: 'ran past its 90 s timeout' });
});

test('a watch the server ends is resumed from the last resourceVersion, and nothing in between is missed', async () => {
  const spec = gpuSpec();
  const hooks = new ExecutionRecorder();
  const executor = newExecutor();
  await executor.start(spec, hooks);
  const resumed = double.nextWatch('jobs');
  double.closeWatches();
  double.runPod(jobNameOf(spec));
  double.finishPod(jobNameOf(spec), { exitCode: 0 });
  const reopened = await resumed;
  expect(reopened.outcome).toBe('watching');
  expect(Number(reopened.resourceVersion)).toBeGreaterThan(0);
  expect(await hooks.final()).toMatchObject({ state: 'succeeded' });
  expect(executor.watchRestarts.jobs?.resumed).toBeGreaterThanOrEqual(1);
});

test('after a 410 Expired the watch lists again and carries on', async () => {
  const spec = gpuSpec();
  const hooks = new ExecutionRecorder();
  const executor = newExecutor();
  await executor.start(spec, hooks);
  double.compact();
  const expired = double.nextWatch('jobs');
  double.closeWatches();
  expect((await expired).outcome).toBe('expired');
  const listedAgain = double.nextWatch('jobs');
  expect((await listedAgain).outcome).toBe('watching');
  expect(executor.watchRestarts.jobs?.relisted).toBe(1);
  double.runPod(jobNameOf(spec));
  double.finishPod(jobNameOf(spec), { exitCode: 0 });
  expect(await hooks.final()).toMatchObject({ state: 'succeeded' });
});

test('cancel deletes the Job with foreground propagation and reports cancelled', async () => {
  const spec = gpuSpec();
  const hooks = new ExecutionRecorder();
  const executor = newExecutor();
  await executor.start(spec, hooks);
  double.runPod(jobNameOf(spec));
  await hooks.state('running');
  await executor.cancel(spec.jobId);
  const deletion = double.requests.find((r) => r.method === 'DELETE');
  expect(deletion).toMatchObject({
    path: `/apis/batch/v1/namespaces/mlportal/jobs/${jobNameOf(spec)}`,
    query: { propagationPolicy: 'Foreground' }
  });
  expect(double.job(jobNameOf(spec))).toBeUndefined();
  expect(double.pods(jobNameOf(spec))).toEqual([]);
  expect(hooks.updates.at(-1)).toMatchObject({ state: 'cancelled' });
});

test('a new executor instance re-attaches to a running Job, replays its log and records the end', async () => {
  const spec = gpuSpec();
  const first = newExecutor();
  const firstHooks = new ExecutionRecorder();
  await first.start(spec, firstHooks);
  double.runPod(jobNameOf(spec));
  double.writeLog(jobNameOf(spec), 'before restart\n');
  await firstHooks.logContaining('before restart');
  await first.close();

  const second = newExecutor();
  const hooks = new ExecutionRecorder();
  expect(await second.reattach(spec, hooks)).toBe('reattached');
  await hooks.logContaining('before restart');
  double.writeLog(jobNameOf(spec), 'after restart\n');
  double.finishPod(jobNameOf(spec), { exitCode: 0 });
  expect(await hooks.final()).toMatchObject({ state: 'succeeded' });
  expect(hooks.log).toBe('before restart\nafter restart\n');
  expect(await second.reattach(gpuSpec(), new ExecutionRecorder())).toBe('lost');
});

test('a Job that ended while no executor watched is reported on re-attach', async () => {
  const spec = gpuSpec();
  const first = newExecutor();
  await first.start(spec, new ExecutionRecorder());
  await first.close();
  double.runPod(jobNameOf(spec));
  double.finishPod(jobNameOf(spec), { exitCode: 7 });
  const hooks = new ExecutionRecorder();
  expect(await newExecutor().reattach(spec, hooks)).toBe('reattached');
  expect(await hooks.final()).toMatchObject({ state: 'failed', reason: 'exit code 7', exitCode: 7 });
});

test('what the API server refuses fails start with its reason, and nothing is tracked', async () => {
  const executor = newExecutor();
  await expect(executor.start(gpuSpec({ image: '' }), new ExecutionRecorder())).rejects.toThrow(/containers\[0\]\.image: Required value/);
  await expect(executor.start(gpuSpec({ env: { '1BAD': 'x' } }), new ExecutionRecorder())).rejects.toMatchObject({ status: 400 });
  expect(double.jobs()).toEqual([]);
});
