/**
 * What the serving and soak suites deploy: the flights delay model (the SDK's exporter, fixed
 * weights), and the JSON call they register and deploy it with.
 */
import { fromLinearRegression } from '../../kernels/sdk/src/onnx';

export interface BenchModel {
  name: string;
  bytes: Uint8Array;
  features: number;
  parameters: number;
}

export function flightsModel(): BenchModel {
  // Minutes of delay from mean_delay_7d, late_share_7d, flights_7d, mean_delay_30d, flights_30d (the notebook's columns), intercept last.
  const weights = [[0.42], [18.5], [-0.01], [0.31], [-0.002], [1.7]];
  const featureNames = ['mean_delay_7d', 'late_share_7d', 'flights_7d', 'mean_delay_30d', 'flights_30d'];
  return { name: 'flights-delay', bytes: fromLinearRegression({ weights }, { featureNames }), features: 5, parameters: 6 };
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
