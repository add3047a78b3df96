/**
 * A monitored deployment to test against, made through the HTTP API as a user would: flight
 * features in the feature store, a training set of them, a linear regression of the departure
 * delay exported with the SDK's ONNX exporter and registered with that training set as lineage,
 * deployed with a KPI, traffic from a later period (longer flights) and late labels for some of it.
 * Shared by the SDK's tests and the UI test (ui-tests/tests/monitoring.spec.ts).
 */
import type { Client } from '../client';
import { fromLinearRegression } from '../onnx/linear-regression';
import { fromLogisticRegression } from '../onnx/logistic-regression';

export const FLIGHT_FEATURES = ['distance', 'dep_hour', 'taxi_out', 'carrier_delay_7d', 'origin_delay_7d'] as const;
/** Minutes of delay per unit of each feature, then the intercept. */
const WEIGHTS = [0.01, 0.5, 0.4, 0.3, 0.2];
const INTERCEPT = -8;
export const KPI = { label: 'share of flights predicted late', output: 'prediction', op: '>' as const, value: 15 };

export interface MonitoredDeployment {
  deployment: string;
  model: string;
  version: number;
  trainingSetId: string;
  /** Every prediction sent, in order. */
  predictionIds: string[];
  /** The ids that got a label. */
  labelledIds: string[];
}

export interface SeedOptions {
  /** The deployment's name (a DNS label); the model and feature group are named after it. */
  deployment: string;
  trainingRows?: number;
  servedRows?: number;
  labelledRows?: number;
}

/** A small deterministic generator, so every run sends the same rows. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** One flight's features; `later` draws from the later period, with longer flights and busier airports. */
function flight(random: () => number, later: boolean): number[] {
  const stretch = later ? 1.6 : 1;
  return [
    Math.round((200 + random() * 1800) * stretch),
    Math.floor(5 + random() * 18),
    Math.round(8 + random() * 20),
    Math.round(random() * 30 * stretch),
    Math.round(random() * 25 * stretch)
  ];
}

function delayOf(features: number[]): number {
  return features.reduce((sum, value, index) => sum + value * WEIGHTS[index], INTERCEPT);
}

export async function seedMonitoredDeployment(client: Client, options: SeedOptions): Promise<MonitoredDeployment> {
  const { deployment } = options;
  const base = deployment.replace(/-/g, '_');
  const random = generator(7);

  await ignoringConflict(
    client.features.createEntity({ name: 'flight', joinKeys: [{ name: 'flight_id', type: 'string' }], description: 'One scheduled flight' })
  );
  const group = `${base}_conditions`;
  await client.features.createGroup({
    name: group,
    entity: 'flight',
    eventTime: 'scheduled_at',
    description: 'What is known about a flight an hour before departure',
    owner: 'monitoring-tests',
    features: FLIGHT_FEATURES.map((name) => ({ name, type: 'float64' as const }))
  });
  const trainingRows = options.trainingRows ?? 300;
  const history = Array.from({ length: trainingRows }, (_, index) => {
    const values = flight(random, false);
    const scheduledAt = new Date(Date.UTC(2026, 0, 1) + index * 3_600_000).toISOString();
    return {
      flight_id: `F${String(index).padStart(5, '0')}`,
      scheduled_at: scheduledAt,
      ...Object.fromEntries(FLIGHT_FEATURES.map((name, i) => [name, values[i]]))
    };
  });
  await client.features.ingest(group, { rows: history });
  const trainingSet = await client.features.trainingSet(
    {
      name: `${base}_training`,
      entities: history.map((row) => ({ flight_id: row.flight_id, scheduled_at: row.scheduled_at })),
      timestampColumn: 'scheduled_at',
      features: FLIGHT_FEATURES.map((name) => `${group}:${name}`)
    },
    { withData: false }
  );

  const onnx = fromLinearRegression({ weights: [...WEIGHTS.map((w) => [w]), [INTERCEPT]] }, { featureNames: FLIGHT_FEATURES });
  const model = `${deployment}-model`;
  const version = await client.models.register({ name: model, onnx, trainingSetId: trainingSet.id, runId: null, metrics: { rmse: 2.5 } });
  await client.request('/api/v1/deployments', {
    method: 'POST',
    body: { name: deployment, description: 'Departure delay in minutes', model, version: version.version, kpi: KPI }
  });

  const predictionIds: string[] = [];
  const served = Array.from({ length: options.servedRows ?? 240 }, () => flight(random, true));
  for (let start = 0; start < served.length; start += 60) {
    const answer = await client.request<{ predictionIds: string[] }>(`/api/v1/deployments/${deployment}/predict`, {
      method: 'POST',
      body: { instances: served.slice(start, start + 60) }
    });
    predictionIds.push(...answer.predictionIds);
  }
  // The log is written off the request path: labels join only predictions already stored.
  await untilLogged(client, predictionIds[predictionIds.length - 1]);
  const labelled = predictionIds.slice(0, options.labelledRows ?? 120);
  // The truth is the model's answer plus an error that grows with distance: the model has decayed.
  const labels = labelled.map((predictionId, index) => ({
    predictionId,
    label: Math.round((delayOf(served[index]) + served[index][0] / 200) * 10) / 10
  }));
  await client.labels.send(labels);
  return { deployment, model, version: version.version, trainingSetId: trainingSet.id, predictionIds, labelledIds: labelled };
}

/**
 * A classifier of "late or not" on the same features, deployed with traffic whose scores sit near
 * 0.5 often enough that its labelling queue fills (no training set: nothing here needs drift).
 * Answers the deployment's prediction ids once they are logged.
 */
export async function seedUnsureClassifier(client: Client, options: { deployment: string; servedRows?: number }): Promise<string[]> {
  const { deployment } = options;
  const random = generator(11);
  // p(late) = sigmoid(0.0004 · distance − 0.6): from about 0.4 for short flights to 0.65 for long ones.
  const onnx = fromLogisticRegression({ weights: [0.0004, 0, 0, 0, 0, -0.6] }, { interceptColumn: 5, featureNames: FLIGHT_FEATURES });
  const model = `${deployment}-model`;
  const version = await client.models.register({ name: model, onnx, runId: null });
  await client.request('/api/v1/deployments', {
    method: 'POST',
    body: { name: deployment, description: 'Whether a flight leaves late', model, version: version.version }
  });
  const served = Array.from({ length: options.servedRows ?? 40 }, () => flight(random, false));
  const answer = await client.request<{ predictionIds: string[] }>(`/api/v1/deployments/${deployment}/predict`, {
    method: 'POST',
    body: { instances: served }
  });
  await untilLogged(client, answer.predictionIds[answer.predictionIds.length - 1]);
  return answer.predictionIds;
}

async function untilLogged(client: Client, predictionId: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await client.request(`/api/v1/predictions/${predictionId}`);
      return;
    } catch (error) {
      if (statusOf(error) !== 404 || attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function ignoringConflict(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if (statusOf(error) !== 409) throw error;
  }
}

/** The HTTP status of an SDK error, read by its shape: a client of the built SDK (lib/) throws its own classes. */
function statusOf(error: unknown): number | undefined {
  return (error as { status?: number } | null)?.status;
}
