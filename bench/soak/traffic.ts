/**
 * The four kinds of soak traffic, each one request per call: a v2 prediction, an online lookup
 * (demo routes plus one recently acknowledged soak row, a read-your-writes check), an ingestion of
 * a small batch of uniquely keyed rows, and a registry write (a run created, a run logged to, or a
 * model version created, in turn). Acknowledged writes go into the ledger; writes without an
 * answer are counted as ambiguous.
 */
import type { Answer, SoakClient } from './http';
import { SOAK_GROUP, SOAK_MODEL, type FeatureRow, type Ledger } from './ledger';

export const KINDS = ['predict', 'lookup', 'ingest', 'registry'] as const;
export type KindName = (typeof KINDS)[number];

export interface TrafficSetup {
  deployment: string;
  modelFeatures: number;
  routes: Array<{ origin: string; destination: string }>;
  /** The demo features a lookup asks for (besides the soak row's value). */
  lookupFeatures: string[];
  experimentId: string;
  artifactSha: string;
  rowsPerIngest: number;
}

export interface Issued extends Answer {
  op: string;
}

/** Reads of an acknowledged soak row that did not give its value (the online store lagging its ack). */
export interface ReadChecks {
  checked: number;
  stale: number;
  firstStale?: string;
}

export function trafficKinds(client: SoakClient, ledger: Ledger, setup: TrafficSetup, random: () => number) {
  let rowCounter = 0;
  let registryCounter = 0;
  const recentKeys: string[] = [];
  const recentRuns: string[] = [];
  const reads: ReadChecks = { checked: 0, stale: 0 };
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const remember = <T>(list: T[], item: T, size: number) => {
    list.push(item);
    if (list.length > size) list.shift();
  };
  const ambiguous = (answer: Answer) => answer.outcome !== 'ok' && answer.outcome !== '4xx';

  const predict = async (): Promise<Issued> => {
    const data = Array.from({ length: setup.modelFeatures }, () => Math.round((random() * 40 - 5) * 100) / 100);
    const answer = await client.call('POST', `/v2/models/${setup.deployment}/infer`, {
      inputs: [{ name: 'input', shape: [1, setup.modelFeatures], datatype: 'FP32', data }]
    });
    return { ...answer, op: 'v2-infer' };
  };

  const lookup = async (): Promise<Issued> => {
    const key = recentKeys.length > 0 ? pick(recentKeys) : undefined;
    const entities = Array.from({ length: 10 }, (_, i) => ({ ...pick(setup.routes), ...(i === 0 && key ? { key } : { key: '-' }) }));
    const answer = await client.call('POST', '/api/v1/features/online', {
      features: [...setup.lookupFeatures, `${SOAK_GROUP}:value`],
      entities
    });
    if (answer.outcome === 'ok' && key) {
      reads.checked++;
      const got = JSON.parse(answer.body).values[0].at(-1);
      const want = ledger.rows.get(key)!.value;
      if (got !== want) {
        reads.stale++;
        reads.firstStale ??= `key ${key}: online ${JSON.stringify(got)}, acknowledged ${want}`;
      }
    }
    return { ...answer, op: 'online' };
  };

  const ingest = async (): Promise<Issued> => {
    const ts = new Date().toISOString();
    const rows: FeatureRow[] = Array.from({ length: setup.rowsPerIngest }, () => {
      const seq = ++rowCounter;
      return { key: `k${seq}`, ts, value: random() * 1000 - 500, seq, tag: `t${seq % 97}` };
    });
    const answer = await client.call('POST', `/api/v1/features/groups/${SOAK_GROUP}/ingest/rows`, { rows });
    if (answer.outcome === 'ok') {
      ledger.ackRows(rows);
      for (const row of rows) remember(recentKeys, row.key, 1000);
    } else if (ambiguous(answer)) ledger.ambiguous.featureRows += rows.length;
    return { ...answer, op: 'ingest-rows' };
  };

  const createRun = async (n: number): Promise<Issued> => {
    const name = `soak-run-${n}`;
    const tags = { soak_seq: String(n) };
    const answer = await client.call('POST', '/api/v1/runs', { experimentId: setup.experimentId, name, tags });
    if (answer.outcome === 'ok') {
      const id = JSON.parse(answer.body).id as string;
      ledger.ackRun(id, { name, params: {}, tags: { ...tags }, metrics: [] });
      remember(recentRuns, id, 100);
    } else if (ambiguous(answer)) ledger.ambiguous.runCreates++;
    return { ...answer, op: 'run-create' };
  };

  const logRun = async (n: number): Promise<Issued> => {
    const id = pick(recentRuns);
    const value = random();
    const log = {
      params: { [`p${n}`]: String(value) },
      tags: { [`t${n}`]: `tag ${n}` },
      metrics: [{ key: 'soak_metric', value, step: n }]
    };
    const answer = await client.call('POST', `/api/v1/runs/${id}/log`, log);
    if (answer.outcome === 'ok') ledger.ackLog(id, log);
    else if (ambiguous(answer)) ledger.ambiguous.runLogs++;
    return { ...answer, op: 'run-log' };
  };

  const createVersion = async (n: number): Promise<Issued> => {
    const seq = String(n);
    const answer = await client.call('POST', `/api/v1/models/${SOAK_MODEL}/versions`, {
      artifact: setup.artifactSha,
      description: `soak write ${n}`,
      tags: { soak_seq: seq }
    });
    if (answer.outcome === 'ok') ledger.ackVersion(JSON.parse(answer.body).version as number, seq);
    else if (ambiguous(answer)) ledger.ambiguous.versions++;
    return { ...answer, op: 'version-create' };
  };

  const registry = async (): Promise<Issued> => {
    const n = ++registryCounter;
    const turn = n % 3;
    if (turn === 0) return createVersion(n);
    if (turn === 1 || recentRuns.length === 0) return createRun(n);
    return logRun(n);
  };

  return { tasks: { predict, lookup, ingest, registry } as Record<KindName, () => Promise<Issued>>, reads };
}
