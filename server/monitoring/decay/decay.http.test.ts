/**
 * Late labels over HTTP on real deployments: labels join logged predictions by id and become
 * quality series equal to the metrics computed by hand from the same predictions and labels
 * (regression: RMSE, MAE; classification: accuracy, AUC with a tie, log loss); unknown ids and
 * labels that do not fit are refused with nothing stored; a second label replaces the first; the
 * labelling queue holds the low-confidence predictions until they are labelled.
 */
import { matMulModel } from '../../registry/testing/onnx-models';
import { deploy, predict } from '../../serving/deployments/testing/helpers';
import { call, expectStatus, tokenWith } from '../../testing/features';
import { registerVersion } from '../../testing/registry';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { probabilityModel } from './testing/probability-model';

let server: TestServer;
let analyst: string;

beforeAll(async () => {
  server = await startTestServer();
  analyst = await tokenWith(server, 'data-analyst');
  const fares = await registerVersion(server, 'fares', matMulModel([0.5, -1, 2]));
  expectStatus(await deploy(server, { name: 'fares', model: 'fares', version: fares.version }), 201);
  const late = await registerVersion(server, 'late', probabilityModel());
  expectStatus(await deploy(server, { name: 'late-flights', model: 'late', version: late.version }), 201);
});

afterAll(async () => {
  await server?.stop();
});

/** Predicts, then waits until the rows are logged and monitoring has seen them. */
async function predictLogged(name: string, instances: number[][]): Promise<{ ids: string[]; predictions: any[] }> {
  const answer = expectStatus(await predict(server, name, { instances }), 200);
  await server.services.serving.predictions.flush();
  await server.services.monitoring.decay.settled();
  return { ids: answer.predictionIds, predictions: answer.predictions };
}

async function sendLabels(labels: Array<{ predictionId: string; label: unknown }>, token = analyst) {
  return call(server, 'POST', '/api/v1/labels', { labels }, token);
}

async function quality(name: string) {
  return expectStatus(
    await call(
      server,
      'GET',
      `/api/v1/monitoring/deployments/${name}/quality?step=1h&from=${new Date(Date.now() - 3_600_000).toISOString()}`,
      undefined,
      analyst
    ),
    200
  );
}

function labelledSteps(report: any): any[] {
  return report.series.filter((p: any) => p.labelled > 0);
}

describe('labels for a regression deployment', () => {
  it('turns labels into RMSE and MAE equal to those computed by hand, and a second label replaces the first', async () => {
    const { ids, predictions } = await predictLogged('fares', [
      [1, 2, 3],
      [4, 5, 6],
      [0, 0, 1],
      [2, 2, 2]
    ]);
    expect(predictions).toEqual([4.5, 9, 2, 3]);
    const truths = [5, 8, 2.5, 3];
    expect(expectStatus(await sendLabels(ids.map((id, i) => ({ predictionId: id, label: truths[i] }))), 200)).toEqual({ accepted: 4 });

    const byHand = (labels: number[]) => {
      const errors = predictions.map((p: number, i: number) => p - labels[i]);
      return {
        rmse: Math.sqrt(errors.reduce((s: number, e: number) => s + e * e, 0) / errors.length),
        mae: errors.reduce((s: number, e: number) => s + Math.abs(e), 0) / errors.length
      };
    };
    let report = await quality('fares');
    expect(report.task).toBe('regression');
    let [step] = labelledSteps(report);
    expect(step.labelled).toBe(4);
    expect(step.rmse).toBeCloseTo(byHand(truths).rmse, 12);
    expect(step.mae).toBeCloseTo(byHand(truths).mae, 12);
    expect(step.rmse).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(step.accuracy).toBeUndefined();
    expect(report.total.labelled).toBe(4);
    expect(report.byVersion).toEqual([expect.objectContaining({ model: 'fares', version: 1, roles: ['primary'] })]);

    const corrected = [4.5, 8, 2.5, 3];
    expectStatus(await sendLabels([{ predictionId: ids[0], label: 4.5 }]), 200);
    report = await quality('fares');
    [step] = labelledSteps(report);
    expect(step.labelled).toBe(4);
    expect(step.rmse).toBeCloseTo(byHand(corrected).rmse, 12);
    expect(step.mae).toBeCloseTo(byHand(corrected).mae, 12);
  });

  it('refuses unknown prediction ids with 404 naming them, and stores nothing of the request', async () => {
    const { ids } = await predictLogged('fares', [[1, 1, 1]]);
    const before = await quality('fares');
    const answer = await sendLabels([
      { predictionId: ids[0], label: 1 },
      { predictionId: 'pred_doesnotexist0000000', label: 2 }
    ]);
    expect(answer.status).toBe(404);
    expect(answer.body.error.message).toContain('pred_doesnotexist0000000');
    expect(answer.body.error.message).not.toContain(ids[0]);
    expect((await quality('fares')).total).toEqual(before.total);
  });

  it('refuses a label that does not fit the task, naming the prediction, and stores nothing', async () => {
    const { ids } = await predictLogged('fares', [
      [1, 0, 0],
      [0, 1, 0]
    ]);
    const before = await quality('fares');
    const answer = await sendLabels([
      { predictionId: ids[0], label: 0.5 },
      { predictionId: ids[1], label: 'late' }
    ]);
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain(ids[1]);
    expect((await quality('fares')).total).toEqual(before.total);
  });
});

describe('labels for a classification deployment', () => {
  // Scores are the inputs (as float32); 0.3 appears for a positive and a negative: a tie for AUC.
  const scores = [0.9, 0.3, 0.55, 0.3, 0.45, 0.8, 0.1];
  const truths = [1, 0, 1, 1, 0, 1, 0];

  it('queues the low-confidence predictions, computes accuracy, AUC (ties count half) and log loss as by hand, and drops labelled ones from the queue', async () => {
    const config = expectStatus(await call(server, 'GET', '/api/v1/monitoring/deployments/late-flights/config', undefined, analyst), 200);
    expect(config).toMatchObject({ task: 'classification', scoreOutput: 'probabilities', lowConfidence: { margin: 0.1 }, revision: 0 });

    const { ids } = await predictLogged(
      'late-flights',
      scores.map((s) => [s])
    );
    const queue = async () =>
      expectStatus(await call(server, 'GET', '/api/v1/monitoring/deployments/late-flights/labelling-queue', undefined, analyst), 200).items;
    // |score − 0.5| < 0.1: only 0.55 and 0.45.
    let items = await queue();
    expect(items.map((i: any) => i.id).sort()).toEqual([ids[2], ids[4]].sort());
    expect(items.find((i: any) => i.id === ids[2])).toMatchObject({
      deployment: 'late-flights',
      score: Math.fround(0.55),
      outputs: { probabilities: [Math.fround(1 - Math.fround(0.55)), Math.fround(0.55)] }
    });

    // Booleans, numbers and strings all count as classes.
    const labels = truths.map((t, i) => ({ predictionId: ids[i], label: i % 3 === 0 ? t === 1 : i % 3 === 1 ? t : String(t) }));
    expectStatus(await sendLabels([labels[2]]), 200);
    items = await queue();
    expect(items.map((i: any) => i.id)).toEqual([ids[4]]);
    expectStatus(await sendLabels(labels), 200);
    expect(await queue()).toEqual([]);

    const p = scores.map((s) => Math.fround(s));
    const accuracy = p.filter((s, i) => (s >= 0.5 ? 1 : 0) === truths[i]).length / p.length;
    const logLoss = -p.reduce((sum, s, i) => sum + (truths[i] === 1 ? Math.log(s) : Math.log(1 - s)), 0) / p.length;
    let pairs = 0;
    let total = 0;
    p.forEach((sp, i) => {
      if (truths[i] !== 1) return;
      p.forEach((sn, j) => {
        if (truths[j] !== 0) return;
        total++;
        pairs += sp > sn ? 1 : sp === sn ? 0.5 : 0;
      });
    });
    const report = await quality('late-flights');
    expect(report.task).toBe('classification');
    const [step] = labelledSteps(report);
    expect(step.labelled).toBe(7);
    expect(step.accuracy).toBeCloseTo(accuracy, 12);
    expect(step.accuracy).toBeCloseTo(6 / 7, 12);
    expect(step.auc).toBeCloseTo(pairs / total, 12);
    expect(step.auc).toBeCloseTo(10.5 / 12, 12);
    expect(step.logLoss).toBeCloseTo(logLoss, 10);
    expect(step.rmse).toBeUndefined();
  });

  it('queues by the configured margin once the configuration changes', async () => {
    const current = expectStatus(await call(server, 'GET', '/api/v1/monitoring/deployments/late-flights/config', undefined, analyst), 200);
    const stored = expectStatus(
      await call(
        server,
        'PUT',
        '/api/v1/monitoring/deployments/late-flights/config',
        { revision: current.revision, lowConfidence: { margin: 0.25 } },
        analyst
      ),
      200
    );
    expect(stored).toMatchObject({ revision: 1, lowConfidence: { margin: 0.25 }, task: 'classification', updatedBy: 'data-analyst' });
    const { ids } = await predictLogged('late-flights', [[0.3], [0.9], [0.74]]);
    const items = expectStatus(
      await call(server, 'GET', '/api/v1/monitoring/deployments/late-flights/labelling-queue?limit=10', undefined, analyst),
      200
    ).items;
    expect(items.map((i: any) => i.id).sort()).toEqual([ids[0], ids[2]].sort());
  });
});
