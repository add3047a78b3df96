/**
 * What the serving, soak and onnx suites run: the flights delay model (the SDK's exporter, fixed
 * weights), an MLP of about a million parameters, and the JSON call they register and deploy with.
 */
import { fromLinearRegression, fromMlp, type DenseLayer, type Precision } from '../../kernels/sdk/src/onnx';
import { seededRandom } from '../../kernels/sdk/src/train/random';

export interface BenchModel {
  name: string;
  bytes: Uint8Array;
  features: number;
  parameters: number;
}

/** The SDK's exporters write float32 graphs unless asked for float64. */
export function flightsModel(precision?: Precision): BenchModel {
  // Minutes of delay from mean_delay_7d, late_share_7d, flights_7d, mean_delay_30d, flights_30d (the notebook's columns), intercept last.
  const weights = [[0.42], [18.5], [-0.01], [0.31], [-0.002], [1.7]];
  const featureNames = ['mean_delay_7d', 'late_share_7d', 'flights_7d', 'mean_delay_30d', 'flights_30d'];
  return { name: 'flights-delay', bytes: fromLinearRegression({ weights }, { featureNames, precision }), features: 5, parameters: 6 };
}

/** An MLP 64 → 1024 → 896 → 1 (relu; 985,857 parameters) with seeded random weights. */
export function mlpModel(precision?: Precision): BenchModel {
  const random = seededRandom(7);
  const sizes = [64, 1024, 896, 1];
  const layers: DenseLayer[] = [];
  let parameters = 0;
  for (let i = 0; i < sizes.length - 1; i++) {
    const scale = Math.sqrt(2 / sizes[i]);
    layers.push({
      weights: Array.from({ length: sizes[i] }, () => Array.from({ length: sizes[i + 1] }, () => (random() * 2 - 1) * scale)),
      bias: Array.from({ length: sizes[i + 1] }, () => 0),
      activation: i === sizes.length - 2 ? 'identity' : 'relu'
    });
    parameters += sizes[i] * sizes[i + 1] + sizes[i + 1];
  }
  return { name: 'mlp-1m', bytes: fromMlp({ layers }, { precision }), features: 64, parameters };
}

/** One JSON (or raw bytes) call with the token; throws naming the route on anything but 2xx. */
export async function api(url: string, token: string, method: string, route: string, body?: unknown, raw?: Uint8Array): Promise<any> {
  const response = await fetch(url + route, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': raw ? 'application/octet-stream' : 'application/json' },
    body: raw ? new Uint8Array(raw) : body === undefined ? undefined : JSON.stringify(body)
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}
