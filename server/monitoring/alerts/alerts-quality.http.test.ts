/**
 * Rules on model quality from late labels (the decay part, through its service): an RMSE rule on a
 * regression deployment and an accuracy rule on a classifier fire on the values computed by hand
 * from the predictions and labels, and measure nothing before any label arrived.
 */
import { matMulModel } from '../../registry/testing/onnx-models';
import { deploy, predict } from '../../serving/deployments/testing/helpers';
import { call, expectStatus, tokenWith } from '../../testing/features';
import { registerVersion } from '../../testing/registry';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { probabilityModel } from '../decay/testing/probability-model';

let server: TestServer;
let analyst: string;

beforeAll(async () => {
  server = await startTestServer({ env: { MLPORTAL_ALERT_INTERVAL_SECONDS: '0' } });
  analyst = await tokenWith(server, 'data-analyst');
  const fares = await registerVersion(server, 'fares', matMulModel([0.5, -1, 2]));
  expectStatus(await deploy(server, { name: 'fares', model: 'fares', version: fares.version }), 201);
  const late = await registerVersion(server, 'late', probabilityModel());
  expectStatus(await deploy(server, { name: 'late-flights', model: 'late', version: late.version }), 201);
});

afterAll(async () => {
  await server?.stop();
});

async function predictAndLabel(name: string, instances: number[][], labels: unknown[]): Promise<unknown[]> {
  const answer = expectStatus(await predict(server, name, { instances }), 200);
  await server.services.serving.predictions.flush();
  await server.services.monitoring.decay.settled();
  const body = { labels: answer.predictionIds.map((predictionId: string, i: number) => ({ predictionId, label: labels[i] })) };
  expectStatus(await call(server, 'POST', '/api/v1/labels', body, analyst), 200);
  return answer.predictions;
}

async function ruleOn(deployment: string, kind: string, threshold: number) {
  return expectStatus(
    await call(
      server,
      'POST',
      '/api/v1/alerts/rules',
      { name: `${kind} on ${deployment}`, deployment, kind, threshold, window: '1h' },
      analyst
    ),
    201
  );
}

async function evaluate(rule: { id: string }) {
  return expectStatus(await call(server, 'POST', `/api/v1/alerts/rules/${rule.id}/evaluate`, undefined, analyst), 200);
}

describe('quality rules', () => {
  it('fires an accuracy rule below its floor, and measures nothing before labels arrive', async () => {
    const floor = await ruleOn('late-flights', 'accuracy', 0.8);
    const unlabelled = await evaluate(floor);
    expect(unlabelled).toMatchObject({ fired: false, value: null });

    // Scores 0.9, 0.2, 0.7, 0.4 predict 1, 0, 1, 0; the truths are 1, 1, 1, 0: 3 of 4 right.
    await predictAndLabel('late-flights', [[0.9], [0.2], [0.7], [0.4]], [1, 1, 1, 0]);
    const fired = await evaluate(floor);
    expect(fired.fired).toBe(true);
    expect(fired.value).toBeCloseTo(0.75, 12);
    expect(fired.alert).toMatchObject({ kind: 'accuracy', deployment: 'late-flights', threshold: 0.8 });
    expect(fired.alert.message).toContain('accuracy over 4 labelled predictions');

    const lowerFloor = await ruleOn('late-flights', 'accuracy', 0.7);
    expect(await evaluate(lowerFloor)).toMatchObject({ fired: false, value: fired.value });
  });

  it('fires an RMSE rule above its ceiling', async () => {
    const predictions = await predictAndLabel(
      'fares',
      [
        [1, 2, 3],
        [4, 5, 6],
        [0, 0, 1],
        [2, 2, 2]
      ],
      [5, 8, 2.5, 3]
    );
    expect(predictions).toEqual([4.5, 9, 2, 3]);
    const rmse = Math.sqrt((0.25 + 1 + 0.25 + 0) / 4);
    const ceiling = await ruleOn('fares', 'rmse', 0.5);
    const fired = await evaluate(ceiling);
    expect(fired.fired).toBe(true);
    expect(fired.value).toBeCloseTo(rmse, 12);
    const higher = await ruleOn('fares', 'rmse', 1);
    expect(await evaluate(higher)).toMatchObject({ fired: false });
  });
});
