/**
 * Alert rules over HTTP on a real deployment: bad rules are refused naming the field with nothing
 * stored; a breached rule fires once (webhook received, alert listed, job rerun), stays quiet in its
 * cooldown, and a failing webhook is recorded on the alert. Evaluated on demand here (the timer is
 * off); alerts-timer.http.test.ts covers the timer.
 */
import { matMulModel } from '../../registry/testing/onnx-models';
import { deploy, predict } from '../../serving/deployments/testing/helpers';
import { call, expectStatus, tokenWith } from '../../testing/features';
import { nodeJob, submitJob, waitForEnd } from '../../testing/jobs';
import { freePort } from '../../testing/ports';
import { registerVersion } from '../../testing/registry';
import { testClientsPython } from '../../testing/test-clients';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { scrapeMetrics, value } from '../metrics/testing/scrape';
import { WebhookReceiver } from './testing/webhook-receiver';

const DEPLOYMENT = 'checkout-score';
let server: TestServer;
let receiver: WebhookReceiver;
let engineer: string;

beforeAll(async () => {
  testClientsPython();
  // The webhook receiver listens on 127.0.0.1, an internal address that webhooks may reach only when allowed.
  server = await startTestServer({ env: { MLPORTAL_ALERT_INTERVAL_SECONDS: '0', MLPORTAL_OUTBOUND_ALLOW: '127.0.0.1' } });
  receiver = await WebhookReceiver.start();
  engineer = await tokenWith(server, 'ml-engineer');
  const version = await registerVersion(server, 'checkout', matMulModel());
  expectStatus(await deploy(server, { name: DEPLOYMENT, model: 'checkout', version: version.version }), 201);
  for (let i = 0; i < 5; i++)
    expectStatus(
      await predict(server, DEPLOYMENT, {
        instances: [
          [1, 2, 3],
          [4, 5, 6]
        ]
      }),
      200
    );
});

afterAll(async () => {
  await receiver?.stop();
  await server?.stop();
});

/** A rule that breaches on any traffic at all: p99 latency above 0 ms. */
function latencyRule(overrides: Record<string, unknown> = {}) {
  return {
    name: 'p99 over SLO',
    deployment: DEPLOYMENT,
    kind: 'latency-p99',
    threshold: 0,
    window: '15m',
    notify: { webhook: receiver.url },
    ...overrides
  };
}

async function createRule(body: Record<string, unknown>, token = engineer) {
  return expectStatus(await call(server, 'POST', '/api/v1/alerts/rules', body, token), 201);
}

async function evaluate(ruleId: string) {
  return expectStatus(await call(server, 'POST', `/api/v1/alerts/rules/${ruleId}/evaluate`, undefined, engineer), 200);
}

async function deleteRule(rule: { id: string; revision: number }) {
  expectStatus(await call(server, 'DELETE', `/api/v1/alerts/rules/${rule.id}?revision=${rule.revision}`, undefined, engineer), 204);
}

describe('alert rules', () => {
  it.each([
    ['an unknown deployment', { deployment: 'no-such-deployment' }, 404, 'body.deployment'],
    ['a window that is not one', { window: '2w' }, 400, 'body.window'],
    ['a webhook that is not http(s)', { notify: { webhook: 'ftp://hooks.example.com/alerts' } }, 400, 'body.notify.webhook'],
    ['a threshold that is not a number', { threshold: '0.3' }, 400, 'body.threshold'],
    ['an unknown kind', { kind: 'throughput' }, 400, 'body.kind'],
    ['a feature on a rule that is not about drift', { feature: 'distance' }, 400, 'body.feature'],
    ['an unknown job to rerun', { action: { rerunJob: 'job-000000000000' } }, 404, 'body.action.rerunJob'],
    ['an unknown field', { severity: 'high' }, 400, 'body.severity']
  ])('refuses %s, naming the field, and stores nothing', async (_what, change, status, field) => {
    const answer = await call(server, 'POST', '/api/v1/alerts/rules', latencyRule(change), engineer);
    expect(answer.status).toBe(status);
    expect(answer.body.error.message).toContain(field);
    expect(expectStatus(await call(server, 'GET', '/api/v1/alerts/rules'), 200).rules).toEqual([]);
  });

  it('lets a business token read rules and alerts but not create rules', async () => {
    const business = await tokenWith(server, 'business');
    const refused = await call(server, 'POST', '/api/v1/alerts/rules', latencyRule(), business);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('alerts:manage');
    expect((await call(server, 'GET', '/api/v1/alerts/rules', undefined, business)).status).toBe(200);
    expect((await call(server, 'GET', '/api/v1/alerts', undefined, business)).status).toBe(200);
    expect(expectStatus(await call(server, 'GET', '/api/v1/alerts/rules'), 200).rules).toEqual([]);
  });

  it('refuses a rerun action to a role that cannot submit jobs', async () => {
    const job = await submitJob(server, { name: 'retrain-checkout', command: nodeJob('process.exit(0)') });
    const serviceEngineer = await tokenWith(server, 'ml-service-engineer');
    const refused = await call(server, 'POST', '/api/v1/alerts/rules', latencyRule({ action: { rerunJob: job.id } }), serviceEngineer);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('jobs:submit');
    await waitForEnd(server, job.id);
  });

  it('changes a rule at the revision read, refusing a stale one, and deletes it', async () => {
    const rule = await createRule(latencyRule());
    expect(rule).toMatchObject({
      kind: 'latency-p99',
      threshold: 0,
      window: '15m',
      enabled: true,
      cooldownMinutes: 60,
      action: null,
      revision: 1,
      createdBy: 'ml-engineer'
    });
    const changed = expectStatus(
      await call(server, 'PATCH', `/api/v1/alerts/rules/${rule.id}`, { revision: 1, threshold: 250, window: '1h' }, engineer),
      200
    );
    expect(changed).toMatchObject({ threshold: 250, window: '1h', revision: 2, name: rule.name });
    const stale = await call(server, 'PATCH', `/api/v1/alerts/rules/${rule.id}`, { revision: 1, threshold: 1 }, engineer);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_revision');
    const badWindow = await call(server, 'PATCH', `/api/v1/alerts/rules/${rule.id}`, { revision: 2, window: 'soon' }, engineer);
    expect(badWindow.status).toBe(400);
    expect(expectStatus(await call(server, 'GET', `/api/v1/alerts/rules/${rule.id}`), 200)).toEqual(changed);
    await deleteRule(changed);
    expect((await call(server, 'GET', `/api/v1/alerts/rules/${rule.id}`)).status).toBe(404);
  });
});

describe('firing', () => {
  it('does not fire while the measure is within the threshold', async () => {
    const rule = await createRule(latencyRule({ threshold: 60_000 }));
    const result = await evaluate(rule.id);
    expect(result.fired).toBe(false);
    expect(result.value).toBeGreaterThan(0);
    expect(result.reason).toMatch(/not > 60000/);
    await deleteRule(rule);
  });

  it('fires a breached rule once: the webhook gets the alert, the alert is listed and counted; the cooldown keeps it quiet', async () => {
    const before = new Date().toISOString();
    const rule = await createRule(latencyRule());
    const first = await evaluate(rule.id);
    expect(first.fired).toBe(true);
    expect(first.alert).toMatchObject({
      ruleId: rule.id,
      deployment: DEPLOYMENT,
      kind: 'latency-p99',
      threshold: 0,
      value: first.value,
      webhook: { status: 'sent', httpStatus: 204 }
    });

    const [post] = await receiver.waitFor(1);
    expect(post.contentType).toBe('application/json');
    expect(post.body.alert).toMatchObject({
      id: first.alert.id,
      ruleId: rule.id,
      deployment: DEPLOYMENT,
      kind: 'latency-p99',
      value: first.value,
      message: first.alert.message
    });

    const second = await evaluate(rule.id);
    expect(second).toMatchObject({ fired: false });
    expect(second.reason).toContain('cooldown');
    expect(receiver.received).toHaveLength(1);

    const listed = expectStatus(
      await call(server, 'GET', `/api/v1/alerts?since=${encodeURIComponent(before)}&deployment=${DEPLOYMENT}`),
      200
    ).alerts;
    expect(listed).toEqual([first.alert]);
    expect(expectStatus(await call(server, 'GET', '/api/v1/alerts?deployment=some-other'), 200).alerts).toEqual([]);

    const scrape = await scrapeMetrics(server.url, await tokenWith(server, 'business'));
    expect(value(scrape, 'mlportal_alerts_firing', { deployment: DEPLOYMENT, kind: 'latency-p99' })).toBe(1);
    expect(value(scrape, 'mlportal_alerts_fired_total', { deployment: DEPLOYMENT, kind: 'latency-p99' })).toBe(1);

    const acknowledged = expectStatus(await call(server, 'POST', `/api/v1/alerts/${first.alert.id}/acknowledge`, undefined, engineer), 200);
    expect(acknowledged).toMatchObject({ id: first.alert.id, acknowledgedBy: 'ml-engineer' });
    await deleteRule(rule);
  });

  it('records a failing webhook on the alert, and one that cannot be reached', async () => {
    receiver.answerStatus = 500;
    const failing = await createRule(latencyRule({ name: 'failing hook' }));
    const answered500 = await evaluate(failing.id);
    receiver.answerStatus = 204;
    expect(answered500.alert.webhook).toEqual({ status: 'failed', httpStatus: 500, error: 'the webhook answered HTTP 500' });

    const unreachable = await createRule(
      latencyRule({ name: 'unreachable hook', notify: { webhook: `http://127.0.0.1:${await freePort()}/hook` } })
    );
    const refused = await evaluate(unreachable.id);
    expect(refused.fired).toBe(true);
    expect(refused.alert.webhook.status).toBe('failed');
    expect(refused.alert.webhook.error).toMatch(/could not be reached/);
    const stored = expectStatus(await call(server, 'GET', `/api/v1/alerts?deployment=${DEPLOYMENT}`), 200).alerts;
    expect(stored.find((a: any) => a.id === refused.alert.id)).toEqual(refused.alert);
    await deleteRule(failing);
    await deleteRule(unreachable);
  });

  it('reruns the job the rule names, as the rule’s creator', async () => {
    const job = await submitJob(
      server,
      { name: 'retrain-checkout', command: nodeJob('console.log("retraining"); process.exit(0)') },
      engineer
    );
    await waitForEnd(server, job.id);
    const rule = await createRule(latencyRule({ name: 'retrain on slow', notify: {}, action: { rerunJob: job.id }, cooldownMinutes: 0 }));
    const fired = await evaluate(rule.id);
    expect(fired.fired).toBe(true);
    expect(fired.alert.webhook).toEqual({ status: 'none' });
    expect(fired.alert.job).toMatch(/^job-/);
    expect(fired.alert.job).not.toBe(job.id);
    const rerun = await waitForEnd(server, fired.alert.job);
    expect(rerun).toMatchObject({ name: 'retrain-checkout', state: 'succeeded', command: job.command });
    expect(rerun.createdBy).toContain('ml-engineer');
    // Cooldown 0: every breached evaluation fires again.
    expect((await evaluate(rule.id)).fired).toBe(true);
    await waitForEnd(server, (await call(server, 'GET', `/api/v1/alerts?deployment=${DEPLOYMENT}&limit=1`)).body.alerts[0].job);
    await deleteRule({ ...rule, revision: rule.revision });
  });
});
