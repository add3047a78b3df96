/**
 * The evaluation timer (MLPORTAL_ALERT_INTERVAL_SECONDS=1): rules fire without anyone asking, an
 * error-rate rule on a deployment that answered one bad request in six among them, and a disabled
 * rule never does.
 */
import { matMulModel } from '../../registry/testing/onnx-models';
import { deploy, predict } from '../../serving/deployments/testing/helpers';
import { call, expectStatus, tokenWith } from '../../testing/features';
import { registerVersion } from '../../testing/registry';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { WebhookReceiver } from './testing/webhook-receiver';

let server: TestServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  // The webhook receiver listens on 127.0.0.1, an internal address that webhooks may reach only when allowed.
  server = await startTestServer({ env: { MLPORTAL_ALERT_INTERVAL_SECONDS: '1', MLPORTAL_OUTBOUND_ALLOW: '127.0.0.1' } });
  receiver = await WebhookReceiver.start();
});

afterAll(async () => {
  await receiver?.stop();
  await server?.stop();
});

describe('the alert timer', () => {
  it('evaluates the enabled rules on its own: an error rate above its threshold fires, a disabled rule stays quiet', async () => {
    const version = await registerVersion(server, 'refunds', matMulModel());
    expectStatus(await deploy(server, { name: 'refunds-live', model: 'refunds', version: version.version }), 201);
    for (let i = 0; i < 5; i++) expectStatus(await predict(server, 'refunds-live', { instances: [[1, 2, 3]] }), 200);
    // Two columns where the model takes three: the engine answers 400 and counts an error.
    expect((await predict(server, 'refunds-live', { instances: [[1, 2]] })).status).toBe(400);

    const engineer = await tokenWith(server, 'data-analyst');
    const rule = (body: Record<string, unknown>) => ({
      deployment: 'refunds-live',
      window: '1h',
      notify: { webhook: receiver.url },
      ...body
    });
    const disabled = expectStatus(
      await call(
        server,
        'POST',
        '/api/v1/alerts/rules',
        rule({ name: 'any latency', kind: 'latency-p99', threshold: 0, enabled: false }),
        engineer
      ),
      201
    );
    const errors = expectStatus(
      await call(server, 'POST', '/api/v1/alerts/rules', rule({ name: 'errors over 10 %', kind: 'error-rate', threshold: 0.1 }), engineer),
      201
    );

    const [post] = await receiver.waitFor(1);
    expect(post.body.alert).toMatchObject({ ruleId: errors.id, deployment: 'refunds-live', kind: 'error-rate', threshold: 0.1 });
    expect(post.body.alert.value).toBeCloseTo(1 / 6, 10);
    const alerts = expectStatus(await call(server, 'GET', '/api/v1/alerts?deployment=refunds-live'), 200).alerts;
    expect(alerts.map((a: { ruleId: string }) => a.ruleId)).toEqual([errors.id]);
    expect(alerts.some((a: { ruleId: string }) => a.ruleId === disabled.id)).toBe(false);
  });
});
