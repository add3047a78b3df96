/** A deployment's scale-out objects applied to the API-server double, which validates them against the Kubernetes schema. */
import { AppError } from '../../platform/errors';
import { KubeApiDouble } from '../../testing/kube-api/kube-api-double';
import { clientNodeForTests } from '../../testing/kube-api/native-modules';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { DEFAULT_SCALE_OUT_SETTINGS, type ScaleOutSettings } from './manifests';
import { KubernetesScaleOut } from './scale-out';

const client = clientNodeForTests();
const settings: ScaleOutSettings = {
  ...DEFAULT_SCALE_OUT_SETTINGS,
  namespace: 'mlportal',
  image: 'ghcr.io/mlportal/server:0.1.0',
  mongoDb: 'mlportal'
};
let double: KubeApiDouble;
let temp: TempDir;
let scaleOut: KubernetesScaleOut;

beforeEach(async () => {
  double = await KubeApiDouble.start();
  temp = makeTempDir('scale-out');
  const kubeConfig = new client.KubeConfig();
  kubeConfig.loadFromFile(double.writeKubeconfig(temp.path));
  scaleOut = new KubernetesScaleOut(() => ({ client, kubeConfig }), settings);
});

afterEach(async () => {
  await double.stop();
  temp.remove();
});

type Json = Record<string, any>;

const flights = { name: 'flights', replicas: { min: 2, max: 6, targetCpuPercent: 65 } };

function writes(): string[] {
  return double.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}${r.query.dryRun ? ' dryRun' : ''}`);
}

describe('applying a deployment to Kubernetes', () => {
  it('creates a Deployment, Service and HPA that pass the API server’s validation and carry what the replicas need', async () => {
    const result = await scaleOut.apply(flights);
    expect(result.applied).toBe(true);
    expect(result.objects.map((o) => o.kind)).toEqual(['Deployment', 'Service', 'HorizontalPodAutoscaler']);

    const deployment = double.workload('deployments', 'flights') as Json;
    expect(deployment.metadata.uid).toBeDefined();
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(container.image).toBe('ghcr.io/mlportal/server:0.1.0');
    const env = Object.fromEntries(container.env.map((e: Json) => [e.name, e.value ?? e.valueFrom]));
    expect(env).toMatchObject({
      MLPORTAL_MODE: 'serving',
      MLPORTAL_SERVE_DEPLOYMENTS: 'flights',
      MLPORTAL_MONGO_URL: { secretKeyRef: { name: 'mlportal-mongo', key: 'url' } },
      MLPORTAL_MONGO_DB: 'mlportal'
    });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/v2/health/live', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/v2/health/ready', port: 'http' });
    expect(container.resources).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } });
    expect(container.volumeMounts).toContainEqual({
      name: 'artifacts',
      mountPath: '/var/lib/mlportal/artifacts/objects',
      subPath: 'objects',
      readOnly: true
    });
    expect(pod.volumes).toContainEqual({ name: 'artifacts', persistentVolumeClaim: { claimName: 'mlportal-artifacts', readOnly: true } });
    expect(deployment.spec.replicas).toBe(2);

    const service = double.workload('services', 'flights') as Json;
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);

    const hpa = double.workload('horizontalpodautoscalers', 'flights') as Json;
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'flights' },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 65 } } }]
    });
    // Checked by the API server as a whole first, then created with strict field validation.
    expect(writes()).toEqual([
      'POST /apis/apps/v1/namespaces/mlportal/deployments dryRun',
      'POST /api/v1/namespaces/mlportal/services dryRun',
      'POST /apis/autoscaling/v2/namespaces/mlportal/horizontalpodautoscalers dryRun',
      'POST /apis/apps/v1/namespaces/mlportal/deployments',
      'POST /api/v1/namespaces/mlportal/services',
      'POST /apis/autoscaling/v2/namespaces/mlportal/horizontalpodautoscalers'
    ]);
    expect(double.requests.filter((r) => r.method === 'POST').every((r) => r.query.fieldValidation === 'Strict')).toBe(true);
  });

  it('replaces the objects on a second apply, keeping the Service’s cluster IP', async () => {
    await scaleOut.apply(flights);
    const before = double.workload('services', 'flights') as Json;
    const firstVersion = (double.workload('deployments', 'flights') as Json).metadata.resourceVersion;
    double.requests.length = 0;

    await scaleOut.apply({ ...flights, replicas: { min: 3, max: 10, targetCpuPercent: 50 } });

    expect(writes().filter((w) => !w.endsWith('dryRun'))).toEqual([
      'PUT /apis/apps/v1/namespaces/mlportal/deployments/flights',
      'PUT /api/v1/namespaces/mlportal/services/flights',
      'PUT /apis/autoscaling/v2/namespaces/mlportal/horizontalpodautoscalers/flights'
    ]);
    const deployment = double.workload('deployments', 'flights') as Json;
    expect(deployment.metadata.resourceVersion).not.toBe(firstVersion);
    expect(deployment.metadata.generation).toBe(2);
    expect((double.workload('services', 'flights') as Json).spec.clusterIP).toBe(before.spec.clusterIP);
    expect((double.workload('horizontalpodautoscalers', 'flights') as Json).spec).toMatchObject({ minReplicas: 3, maxReplicas: 10 });
    expect(double.workloads('deployments')).toHaveLength(1);
  });

  it('with dryRun has the API server check everything and stores nothing', async () => {
    const result = await scaleOut.apply(flights, { dryRun: true });
    expect(result.applied).toBe(false);
    expect(result.objects).toHaveLength(3);
    expect(double.workloads('deployments')).toEqual([]);
    expect(double.workloads('services')).toEqual([]);
    expect(double.workloads('horizontalpodautoscalers')).toEqual([]);
    expect(writes().every((w) => w.endsWith('dryRun'))).toBe(true);
  });

  it('deletes the objects, and deleting again finds nothing to delete', async () => {
    await scaleOut.apply(flights);
    expect(await scaleOut.remove('flights')).toEqual(['HorizontalPodAutoscaler', 'Service', 'Deployment']);
    expect(double.workloads('deployments')).toEqual([]);
    expect(double.workloads('services')).toEqual([]);
    expect(double.workloads('horizontalpodautoscalers')).toEqual([]);
    expect(await scaleOut.remove('flights')).toEqual([]);
  });

  it('surfaces the API server’s refusal of an invalid object and applies none of them', async () => {
    const longName = `flights-${'x'.repeat(60)}`;
    const failure = await scaleOut.apply({ ...flights, name: longName }).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).status).toBe(400);
    // The name is also the pods' label value, which stops at 63 characters.
    expect((failure as AppError).message).toContain(
      `Kubernetes refused checking Deployment ${longName} in namespace mlportal: Deployment.apps "${longName}" is invalid: [metadata.labels: Invalid value: "${longName}": a valid label must be`
    );
    expect(double.workloads('deployments')).toEqual([]);
    expect(double.workloads('services')).toEqual([]);
  });

  it('is refused for bounds the API server does not accept (max below min)', async () => {
    const failure = (await scaleOut
      .apply({ ...flights, replicas: { min: 4, max: 2, targetCpuPercent: 70 } })
      .catch((err: unknown) => err)) as AppError;
    expect(failure.message).toMatch(
      /HorizontalPodAutoscaler.autoscaling "flights" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`/
    );
    expect(double.workloads('deployments')).toEqual([]);
  });
});

describe('the API-server double for serving objects', () => {
  async function send(method: string, path: string, body: unknown): Promise<{ code: number; message?: string }> {
    const response = await fetch(`${double.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${double.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    });
    return { code: response.status, message: ((await response.json()) as { message?: string }).message };
  }
  const deployments = '/apis/apps/v1/namespaces/mlportal/deployments';

  it('refuses unknown fields under strict field validation, a selector that misses the template, a changed selector and a stale resourceVersion', async () => {
    const [deployment] = scaleOut.objects(flights) as Json[];

    const unknown = { ...deployment, spec: { ...deployment.spec, replicaCount: 3 } };
    expect(await send('POST', `${deployments}?fieldValidation=Strict`, unknown)).toEqual({
      code: 400,
      message: 'strict decoding error: unknown field "spec.replicaCount"'
    });

    const mismatched = { ...deployment, spec: { ...deployment.spec, selector: { matchLabels: { app: 'other' } } } };
    const refused = await send('POST', deployments, mismatched);
    expect(refused.code).toBe(422);
    expect(refused.message).toContain('spec.template.metadata.labels: Invalid value');

    expect((await send('POST', deployments, deployment)).code).toBe(201);
    const stored = double.workload('deployments', 'flights') as Json;
    expect((await send('PUT', `${deployments}/flights`, stored)).code).toBe(200);
    const stale = await send('PUT', `${deployments}/flights`, stored);
    expect(stale).toEqual({
      code: 409,
      message:
        'Operation cannot be fulfilled on deployments.apps "flights": the object has been modified; please apply your changes to the latest version and try again'
    });
    const moved = {
      ...deployment,
      spec: { ...deployment.spec, selector: { matchLabels: { ...deployment.spec.selector.matchLabels, extra: 'x' } } }
    };
    moved.spec.template = {
      ...deployment.spec.template,
      metadata: { labels: { ...deployment.spec.template.metadata.labels, extra: 'x' } }
    };
    const immutable = await send('PUT', `${deployments}/flights`, moved);
    expect(immutable.code).toBe(422);
    expect(immutable.message).toContain('spec.selector: Invalid value');
    expect(immutable.message).toContain('field is immutable');
  });
});
