/**
 * A rule acts as its owner only while the owner's token is valid, never beyond it: revoking the
 * token disables the rule with the reason in the rules list, and then neither another role's
 * on-demand evaluation nor the timer's makes it post its webhook or rerun its job. A revoke this
 * process did not hear of (made by another process on the same store) stops the rule at its next
 * firing. Re-enabling makes the caller the owner, who must hold the rights the rule's job needs.
 */
import { matMulModel } from '../../registry/testing/onnx-models';
import { deploy, predict } from '../../serving/deployments/testing/helpers';
import { call, expectStatus, tokenWith } from '../../testing/features';
import { nodeJob, submitJob, waitForEnd } from '../../testing/jobs';
import { registerVersion } from '../../testing/registry';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { WebhookReceiver } from './testing/webhook-receiver';

const DEPLOYMENT = 'churn-score';
let server: TestServer;
let receiver: WebhookReceiver;
let colleague: string;
let retrainJob: { id: string };

beforeAll(async () => {
  // The webhook receiver listens on 127.0.0.1, an internal address that webhooks may reach only when allowed.
  server = await startTestServer({ env: { MLPORTAL_ALERT_INTERVAL_SECONDS: '0', MLPORTAL_OUTBOUND_ALLOW: '127.0.0.1' } });
  receiver = await WebhookReceiver.start();
  colleague = await namedToken('colleague', 'ml-engineer');
  const version = await registerVersion(server, 'churn', matMulModel());
  expectStatus(await deploy(server, { name: DEPLOYMENT, model: 'churn', version: version.version }), 201);
  for (let i = 0; i < 3; i++) expectStatus(await predict(server, DEPLOYMENT, { instances: [[1, 2, 3]] }), 200);
  retrainJob = await submitJob(server, { name: 'retrain-churn', command: nodeJob('process.exit(0)') }, colleague);
  await waitForEnd(server, retrainJob.id);
});

afterAll(async () => {
  await receiver?.stop();
  await server?.stop();
});

async function namedToken(name: string, ...roles: string[]): Promise<string> {
  return expectStatus(await call(server, 'POST', '/api/v1/auth/tokens', { name, roles }), 201).token;
}

async function tokenIdOf(token: string): Promise<string> {
  return expectStatus(await call(server, 'GET', '/api/v1/auth/whoami', undefined, token), 200).tokenId;
}

/** Breaches on any traffic (p99 above 0 ms), posts to the receiver and reruns the job, with no cooldown. */
async function ruleOwnedBy(token: string, name: string) {
  const body = {
    name,
    deployment: DEPLOYMENT,
    kind: 'latency-p99',
    threshold: 0,
    window: '15m',
    notify: { webhook: receiver.url },
    action: { rerunJob: retrainJob.id },
    cooldownMinutes: 0
  };
  return expectStatus(await call(server, 'POST', '/api/v1/alerts/rules', body, token), 201);
}

async function getRule(id: string) {
  return expectStatus(await call(server, 'GET', `/api/v1/alerts/rules/${id}`), 200);
}

async function evaluate(id: string, token: string) {
  return expectStatus(await call(server, 'POST', `/api/v1/alerts/rules/${id}/evaluate`, undefined, token), 200);
}

async function jobCount(): Promise<number> {
  return expectStatus(await call(server, 'GET', '/api/v1/jobs'), 200).jobs.length;
}

describe('a rule whose owner token is revoked', () => {
  it('is disabled at the revoke, with the reason listed, and never fires again, whoever evaluates it', async () => {
    const owner = await namedToken('owner', 'ml-engineer');
    const rule = await ruleOwnedBy(owner, 'retrain when slow');
    const ownerId = await tokenIdOf(owner);

    expectStatus(await call(server, 'DELETE', `/api/v1/auth/tokens/${ownerId}`), 204);
    const revokedAt = expectStatus(await call(server, 'GET', '/api/v1/auth/tokens'), 200).tokens.find(
      (t: { id: string }) => t.id === ownerId
    ).revokedAt;
    expect(revokedAt).toEqual(expect.any(String));

    const business = await tokenWith(server, 'business');
    const listed = expectStatus(await call(server, 'GET', '/api/v1/alerts/rules', undefined, business), 200).rules.find(
      (r: { id: string }) => r.id === rule.id
    );
    expect(listed).toMatchObject({ enabled: false, disabledReason: `owner token revoked at ${revokedAt}`, revision: rule.revision + 1 });

    const jobsBefore = await jobCount();
    const evaluated = await evaluate(rule.id, colleague);
    expect(evaluated).toEqual({ fired: false, value: null, reason: `the rule is disabled (owner token revoked at ${revokedAt})` });
    await server.services.monitoring.alerts.evaluateAll();
    expect(receiver.received).toEqual([]);
    expect(await jobCount()).toBe(jobsBefore);
    expect(
      expectStatus(await call(server, 'GET', `/api/v1/alerts?deployment=${DEPLOYMENT}`), 200).alerts.filter(
        (a: { ruleId: string }) => a.ruleId === rule.id
      )
    ).toEqual([]);
  });

  it('revoked by another process, stops at its next firing and is disabled then', async () => {
    const owner = await namedToken('owner elsewhere', 'ml-engineer');
    const rule = await ruleOwnedBy(owner, 'retrain when slow (2)');
    const ownerId = await tokenIdOf(owner);
    // server.tokens is a second TokenService on the same store: this app's listeners do not hear it.
    await server.tokens.revoke(ownerId, 'another process');
    expect(await getRule(rule.id)).toMatchObject({ enabled: true });

    const jobsBefore = await jobCount();
    const evaluated = await evaluate(rule.id, colleague);
    expect(evaluated.fired).toBe(false);
    expect(evaluated.reason).toMatch(/^breached, but not fired: owner token revoked at .*; the rule is now disabled$/);
    expect(await getRule(rule.id)).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/^owner token revoked at /) });
    expect(receiver.received).toEqual([]);
    expect(await jobCount()).toBe(jobsBefore);
  });
});

describe('re-enabling a disabled rule', () => {
  it('needs the rights its job needs, and makes the caller the owner the job reruns as', async () => {
    const owner = await namedToken('leaver', 'ml-engineer');
    const rule = await ruleOwnedBy(owner, 'retrain when slow (3)');
    expectStatus(await call(server, 'DELETE', `/api/v1/auth/tokens/${await tokenIdOf(owner)}`), 204);
    const disabled = await getRule(rule.id);

    const serviceEngineer = await tokenWith(server, 'ml-service-engineer');
    const refused = await call(
      server,
      'PATCH',
      `/api/v1/alerts/rules/${rule.id}`,
      { revision: disabled.revision, enabled: true },
      serviceEngineer
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('jobs:submit');

    const enabled = expectStatus(
      await call(server, 'PATCH', `/api/v1/alerts/rules/${rule.id}`, { revision: disabled.revision, enabled: true }, colleague),
      200
    );
    expect(enabled.enabled).toBe(true);
    expect(enabled).not.toHaveProperty('disabledReason');

    const fired = await evaluate(rule.id, colleague);
    expect(fired.fired).toBe(true);
    expect(fired.alert.webhook).toEqual({ status: 'sent', httpStatus: 204 });
    const rerun = await waitForEnd(server, fired.alert.job);
    expect(rerun.createdBy).toContain('colleague');
    expect(rerun.createdBy).not.toContain('leaver');
    expectStatus(await call(server, 'DELETE', `/api/v1/alerts/rules/${rule.id}?revision=${enabled.revision}`, undefined, colleague), 204);
  });
});
