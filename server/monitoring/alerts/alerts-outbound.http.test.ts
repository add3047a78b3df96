/**
 * Webhooks cannot be pointed at internal addresses, over HTTP with no MLPORTAL_OUTBOUND_ALLOW:
 * an internal literal host is refused with 400 naming the field when a rule is saved or changed; a
 * rule stored before this check (straight into the store here) is refused again at call time
 * without any connection; and only callers who may manage rules read why a webhook failed.
 */
import { matMulModel } from '../../registry/testing/onnx-models';
import { deploy, predict } from '../../serving/deployments/testing/helpers';
import { call, expectStatus, tokenWith } from '../../testing/features';
import { registerVersion } from '../../testing/registry';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { RULES_COLLECTION, type RuleDocument } from './rule-store';
import { WebhookReceiver } from './testing/webhook-receiver';

const DEPLOYMENT = 'fraud-score';
let server: TestServer;
let receiver: WebhookReceiver;
let engineer: string;

beforeAll(async () => {
  server = await startTestServer({ env: { MLPORTAL_ALERT_INTERVAL_SECONDS: '0' } });
  receiver = await WebhookReceiver.start();
  engineer = await tokenWith(server, 'ml-engineer');
  const version = await registerVersion(server, 'fraud', matMulModel());
  expectStatus(await deploy(server, { name: DEPLOYMENT, model: 'fraud', version: version.version }), 201);
  for (let i = 0; i < 3; i++) expectStatus(await predict(server, DEPLOYMENT, { instances: [[1, 2, 3]] }), 200);
});

afterAll(async () => {
  await receiver?.stop();
  await server?.stop();
});

function rule(webhook: string) {
  return { name: 'p99 over SLO', deployment: DEPLOYMENT, kind: 'latency-p99', threshold: 0, window: '15m', notify: { webhook } };
}

describe('saving a rule', () => {
  it.each([
    ['localhost', 'http://localhost:8765/api/v1/auth/tokens', /localhost is an internal address \(loopback\)/],
    ['0.0.0.0', 'http://0.0.0.0:8765/', /0\.0\.0\.0 is an internal address/],
    ['::1', 'http://[::1]:8765/', /::1 is an internal address \(loopback\)/],
    ['2130706433', 'http://2130706433:8765/', /127\.0\.0\.1 is an internal address \(loopback\)/],
    ['169.254.169.254', 'http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is an internal address \(link-local\)/],
    ['10.0.0.1', 'http://10.0.0.1/hook', /10\.0\.0\.1 is an internal address \(private\)/],
    ['a URL with CR/LF', 'http://hooks.example/a\r\nX-Injected: 1', /line breaks/],
    ['a URL with credentials', 'https://user:secret@hooks.example/a', /user name or password/]
  ])('refuses a webhook at %s with 400 naming the field, and stores nothing', async (_what, webhook, message) => {
    const answer = await call(server, 'POST', '/api/v1/alerts/rules', rule(webhook), engineer);
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toEqual([{ path: 'body.notify.webhook', message: expect.stringMatching(message) }]);
    expect(expectStatus(await call(server, 'GET', '/api/v1/alerts/rules'), 200).rules).toEqual([]);
  });

  it('refuses changing a webhook to an internal address, keeping the rule as it was', async () => {
    const created = expectStatus(await call(server, 'POST', '/api/v1/alerts/rules', rule('https://hooks.example/alerts'), engineer), 201);
    const answer = await call(
      server,
      'PATCH',
      `/api/v1/alerts/rules/${created.id}`,
      { revision: created.revision, notify: { webhook: 'http://[::ffff:169.254.169.254]/' } },
      engineer
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toEqual([{ path: 'body.notify.webhook', message: expect.stringMatching(/link-local/) }]);
    expect(expectStatus(await call(server, 'GET', `/api/v1/alerts/rules/${created.id}`), 200)).toEqual(created);
    expectStatus(await call(server, 'DELETE', `/api/v1/alerts/rules/${created.id}?revision=${created.revision}`, undefined, engineer), 204);
  });
});

describe('firing a rule stored before the check', () => {
  it('refuses the call without connecting, and tells the reason only to those who may manage rules', async () => {
    const owner = expectStatus(await call(server, 'GET', '/api/v1/auth/whoami', undefined, engineer), 200);
    const at = new Date().toISOString();
    const legacy: RuleDocument = {
      ...rule(receiver.url),
      kind: 'latency-p99',
      action: null,
      enabled: true,
      cooldownMinutes: 0,
      createdAt: at,
      createdBy: owner.name,
      updatedAt: at,
      actsAs: { tokenId: owner.tokenId, name: owner.name, roles: owner.roles }
    };
    await server.store.collection<RuleDocument>(RULES_COLLECTION).insert({ _id: 'rule-0123456789ab', ...legacy });

    const fired = expectStatus(await call(server, 'POST', '/api/v1/alerts/rules/rule-0123456789ab/evaluate', undefined, engineer), 200);
    expect(fired.fired).toBe(true);
    expect(fired.alert.webhook).toEqual({
      status: 'failed',
      error: expect.stringMatching(/^the webhook address is not allowed: 127\.0\.0\.1 is an internal address \(loopback\)/)
    });
    expect(receiver.connections).toBe(0);

    const alertsAs = async (token: string) =>
      expectStatus(await call(server, 'GET', `/api/v1/alerts?deployment=${DEPLOYMENT}`, undefined, token), 200).alerts;
    expect((await alertsAs(engineer))[0].webhook).toEqual(fired.alert.webhook);
    for (const role of ['business', 'product-manager', 'data-engineer'] as const) {
      const [seen] = await alertsAs(await tokenWith(server, role));
      expect(seen).toEqual({ ...fired.alert, webhook: { status: 'failed', error: 'the webhook could not be reached' } });
    }
  });
});
