/** /metrics as the real Prometheus client library parses it (scrape_metrics.py in the test clients' environment). */
import path from 'node:path';
import { runTestClientScript } from '../../../testing/test-clients';

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number | null;
}

export interface ParsedFamily {
  name: string;
  type: string;
  samples: ParsedSample[];
}

export interface Scrape {
  contentType: string;
  families: ParsedFamily[];
}

const script = path.join(__dirname, 'scrape_metrics.py');

export async function scrapeMetrics(serverUrl: string, token: string): Promise<Scrape> {
  const result = await runTestClientScript(script, [`${serverUrl}/metrics`], { env: { MLPORTAL_TOKEN: token } });
  if (result.code !== 0) throw new Error(`scrape_metrics.py failed (exit ${result.code}):\n${result.stderr}`);
  return JSON.parse(result.stdout) as Scrape;
}

/** The samples named `name` (e.g. mlportal_http_requests_total) whose labels include `labels`. */
export function samples(scrape: Scrape, name: string, labels: Record<string, string> = {}): ParsedSample[] {
  return scrape.families
    .flatMap((family) => family.samples)
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
}

/** The one sample's value; fails naming what was there when there is not exactly one. */
export function value(scrape: Scrape, name: string, labels: Record<string, string> = {}): number | null {
  const found = samples(scrape, name, labels);
  if (found.length !== 1) {
    const near = samples(scrape, name).map((s) => JSON.stringify(s.labels));
    throw new Error(
      `expected one sample ${name}${JSON.stringify(labels)}, found ${found.length}; ${name} has: ${near.join(' ') || 'nothing'}`
    );
  }
  return found[0].value;
}
