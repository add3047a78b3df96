/**
 * /api/v1/deployments/:name/kubernetes against the API-server double: the objects of a stored deployment, a dry run,
 * a real apply and a second one (on a MongoDB-wire store, which replicas share), and the objects gone with the
 * deployment. On SQLite a real apply is refused: replicas could not share the store.
 */
import { matMulModel } from '../../registry/testing/onnx-models';
import { call, expectStatus, tokenWith } from '../../testing/features';
import { KubeApiDouble } from '../../testing/kube-api/kube-api-double';
import { clientNodeForTests } from '../../testing/kube-api/native-modules';
import { registerVersion } from '../../testing/registry';
import { storeTargets } from '../../testing/store-targets';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { startTestServer, startTestServerOn, type TestServer } from '../../testing/test-server';
import { deploy, revisionOf } from '../deployments/testing/helpers';

type Json = Record<string, any>;

const client = clientNodeForTests();
let double: KubeApiDouble;
let temp: TempDir;

beforeAll(async () => {
  double = await KubeApiDouble.start();
  temp = makeTempDir('kube-serving');
});

afterAll(async () => {
  await double.stop();
  temp.remove();
});

async function serverWithCluster(start: () => Promise<TestServer>): Promise<TestServer> {
  const server = await start();
  const kubeConfig = new client.KubeConfig();
  kubeConfig.loadFromFile(double.writeKubeconfig(temp.path));
  server.services.serving.cluster.use({ client, kubeConfig });
  await registerVersion(server, 'fares', matMulModel());
  expectStatus(
    await deploy(server, { name: 'fares', model: 'fares', version: 1, replicas: { min: 2, max: 5, targetCpuPercent: 60 } }),
    201
  );
  return server;
}

describe('applying a deployment to Kubernetes over HTTP (MongoDB-wire store)', () => {
  const mongodb = storeTargets('kube-serving').find((t) => t.name === 'mongodb')!;
  let server: TestServer;

  beforeAll(async () => {
    server = await serverWithCluster(() => startTestServerOn(mongodb));
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('shows the objects, checks them in a dry run, applies them, replaces them, and deletes them with the deployment', async () => {
    const shown = expectStatus(await call(server, 'GET', '/api/v1/deployments/fares/kubernetes'), 200);
    expect(shown.objects.map((o: Json) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`)).toEqual([
      'apps/v1 Deployment fares',
      'v1 Service fares',
      'autoscaling/v2 HorizontalPodAutoscaler fares'
    ]);
    const env = Object.fromEntries(
      shown.objects[0].spec.template.spec.containers[0].env.map((e: Json) => [e.name, e.value ?? e.valueFrom])
    );
    expect(env).toMatchObject({
      MLPORTAL_MODE: 'serving',
      MLPORTAL_SERVE_DEPLOYMENTS: 'fares',
      MLPORTAL_MONGO_DB: server.config.store.kind === 'mongodb' ? server.config.store.dbName : ''
    });
    expect(shown.objects[2].spec).toMatchObject({ minReplicas: 2, maxReplicas: 5 });

    const dryRun = expectStatus(await call(server, 'POST', '/api/v1/deployments/fares/kubernetes', { dryRun: true }), 200);
    expect(dryRun.applied).toBe(false);
    expect(double.workloads('deployments')).toEqual([]);

    const applied = expectStatus(await call(server, 'POST', '/api/v1/deployments/fares/kubernetes', {}), 200);
    expect(applied.applied).toBe(true);
    expect(applied.objects[0].metadata.uid).toBe((double.workload('deployments', 'fares') as Json).metadata.uid);
    const events = expectStatus(await call(server, 'GET', '/api/v1/deployments/fares/events'), 200).events;
    expect(events[0]).toMatchObject({ type: 'applied', note: 'applied to Kubernetes: Deployment, Service, HorizontalPodAutoscaler' });
    expect(events.filter((event: Json) => event.type === 'applied')).toHaveLength(1);

    const revision = await revisionOf(server, 'fares');
    expectStatus(
      await call(server, 'PATCH', '/api/v1/deployments/fares', { revision, replicas: { min: 3, max: 8, targetCpuPercent: 60 } }),
      200
    );
    expectStatus(await call(server, 'POST', '/api/v1/deployments/fares/kubernetes', {}), 200);
    expect((double.workload('horizontalpodautoscalers', 'fares') as Json).spec).toMatchObject({ minReplicas: 3, maxReplicas: 8 });
    expect((double.workload('deployments', 'fares') as Json).metadata.generation).toBe(2);

    const deleted = await server.request(`/api/v1/deployments/fares?revision=${await revisionOf(server, 'fares')}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(double.workloads('deployments')).toEqual([]);
    expect(double.workloads('services')).toEqual([]);
    expect(double.workloads('horizontalpodautoscalers')).toEqual([]);
  });
});

describe('the Kubernetes routes on a SQLite backend', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await serverWithCluster(() => startTestServer());
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a real apply (replicas could not share the store) but still checks the objects in a dry run', async () => {
    const refused = await call(server, 'POST', '/api/v1/deployments/fares/kubernetes', {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('store_not_shared');
    expect(expectStatus(await call(server, 'POST', '/api/v1/deployments/fares/kubernetes', { dryRun: true }), 200).applied).toBe(false);
    expect(double.workloads('deployments')).toEqual([]);
  });

  it('answers 404 for an unknown deployment and 403 without deployments:manage', async () => {
    expect((await call(server, 'GET', '/api/v1/deployments/ghost/kubernetes')).status).toBe(404);
    const analyst = await tokenWith(server, 'data-analyst');
    const forbidden = await call(server, 'POST', '/api/v1/deployments/fares/kubernetes', { dryRun: true }, analyst);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toContain('deployments:manage');
    expect((await call(server, 'GET', '/api/v1/deployments/fares/kubernetes', undefined, analyst)).status).toBe(200);
  });
});
