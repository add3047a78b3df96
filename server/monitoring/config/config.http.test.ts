/**
 * A deployment's monitoring configuration over HTTP: defaults read off the champion's signature at
 * revision 0, whole replacement with revision checks, outputs checked against the signature, and
 * who may change it.
 */
import { matMulModel } from '../../registry/testing/onnx-models';
import { deploy } from '../../serving/deployments/testing/helpers';
import { call, expectStatus, tokenWith } from '../../testing/features';
import { registerVersion } from '../../testing/registry';
import { startTestServer, type TestServer } from '../../testing/test-server';

const PATH = '/api/v1/monitoring/deployments/fares/config';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  const version = await registerVersion(server, 'fares', matMulModel());
  expectStatus(await deploy(server, { name: 'fares', model: 'fares', version: version.version }), 201);
});

afterAll(async () => {
  await server?.stop();
});

describe('monitoring configuration', () => {
  it('starts from the defaults, replaces the whole configuration on PUT and refuses a stale revision', async () => {
    const defaults = expectStatus(await call(server, 'GET', PATH), 200);
    expect(defaults).toMatchObject({
      deployment: 'fares',
      task: 'regression',
      lowConfidence: { margin: 0.1 },
      sloP99Ms: 100,
      revision: 0,
      updatedBy: '(defaults)'
    });
    expect(defaults.scoreOutput).toBeUndefined();

    const manager = await tokenWith(server, 'product-manager');
    const first = expectStatus(
      await call(server, 'PUT', PATH, { revision: 0, sloP99Ms: 250, drift: { psiWarning: 0.2, psiAlert: 0.3 } }, manager),
      200
    );
    expect(first).toMatchObject({
      revision: 1,
      sloP99Ms: 250,
      drift: { psiWarning: 0.2, psiAlert: 0.3 },
      task: 'regression',
      updatedBy: 'product-manager'
    });
    expect(expectStatus(await call(server, 'GET', PATH), 200)).toEqual(first);

    const stale = await call(server, 'PUT', PATH, { revision: 0, sloP99Ms: 50 }, manager);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_revision');

    const second = expectStatus(await call(server, 'PUT', PATH, { revision: 1, task: 'classification', scoreOutput: 'Y' }, manager), 200);
    expect(second).toMatchObject({ revision: 2, task: 'classification', scoreOutput: 'Y', sloP99Ms: 100 });
    expect(second.drift).toBeUndefined();
  });

  it('refuses an output the model does not have, naming the outputs it has, and keeps what was stored', async () => {
    const before = expectStatus(await call(server, 'GET', PATH), 200);
    const answer = await call(server, 'PUT', PATH, { revision: before.revision, scoreOutput: 'probabilities' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('outputs are Y');
    expect(expectStatus(await call(server, 'GET', PATH), 200)).toEqual(before);
  });

  it('answers 404 for an unknown deployment and 403 to a role that may only read it', async () => {
    expect((await call(server, 'GET', '/api/v1/monitoring/deployments/no-such/config')).status).toBe(404);
    const business = await tokenWith(server, 'business');
    expect((await call(server, 'GET', PATH, undefined, business)).status).toBe(200);
    const refused = await call(server, 'PUT', PATH, { revision: 0 }, business);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('monitoring:configure');
  });
});
