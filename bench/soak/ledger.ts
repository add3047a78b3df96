/**
 * Every write the backend acknowledged (a 2xx answer) during the soak, and the check at the end
 * that each one is there and exact: feature rows through the online store and through a
 * point-in-time training set (the offline store), runs with their params, tags and metric
 * history, model versions. Writes whose answer never came (connection error, timeout, 5xx) are
 * "ambiguous": they may or may not have landed, so they are counted, never checked.
 */
import type { SoakClient } from './http';

export const SOAK_ENTITY = 'soak_key';
export const SOAK_GROUP = 'soak_writes';
export const SOAK_MODEL = 'soak-versions';
const FEATURES = ['value', 'seq', 'tag'] as const;
const FAR_FUTURE = '2100-01-01T00:00:00Z';

export interface FeatureRow {
  key: string;
  ts: string;
  value: number;
  seq: number;
  tag: string;
}

export interface LoggedRun {
  name: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Array<{ key: string; value: number; step: number }>;
}

export interface Problem {
  kind: 'feature-row' | 'run' | 'version';
  what: string;
  detail: string;
}

export class Ledger {
  readonly rows = new Map<string, FeatureRow>();
  readonly runs = new Map<string, LoggedRun>();
  /** Version number → the soak_seq tag it was created with. */
  readonly versions = new Map<number, string>();
  /** Acknowledged version numbers given out twice (must stay empty). */
  readonly duplicateVersions: number[] = [];
  readonly ambiguous = { featureRows: 0, runCreates: 0, runLogs: 0, versions: 0 };
  acknowledged = { featureRows: 0, ingestions: 0, runCreates: 0, runLogs: 0, versions: 0 };

  ackRows(rows: FeatureRow[]): void {
    for (const row of rows) this.rows.set(row.key, row);
    this.acknowledged.featureRows += rows.length;
    this.acknowledged.ingestions++;
  }

  ackRun(id: string, run: LoggedRun): void {
    this.runs.set(id, run);
    this.acknowledged.runCreates++;
  }

  ackLog(id: string, log: { params: Record<string, string>; tags: Record<string, string>; metrics: LoggedRun['metrics'] }): void {
    const run = this.runs.get(id)!;
    Object.assign(run.params, log.params);
    Object.assign(run.tags, log.tags);
    run.metrics.push(...log.metrics);
    this.acknowledged.runLogs++;
  }

  ackVersion(version: number, seq: string): void {
    if (this.versions.has(version)) this.duplicateVersions.push(version);
    this.versions.set(version, seq);
    this.acknowledged.versions++;
  }
}

export interface Verification {
  checked: { featureRowsOnline: number; featureRowsOffline: number; runs: number; metricPoints: number; versions: number };
  lost: {
    featureRowsOnline: number;
    featureRowsOffline: number;
    runs: number;
    runParams: number;
    runTags: number;
    metricPoints: number;
    versions: number;
  };
  /** Present but with another value. */
  altered: number;
  /** Rows stored beyond the acknowledged ones (ambiguous writes that landed, or duplicates). */
  extraFeatureRows: number;
  /** Committed ingestions of the soak group, acknowledged or not: each one is a file the group's statistics are recomputed over. */
  storedIngestions: number;
  problems: Problem[];
  seconds: number;
}

async function inPool<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await task(items[next++]);
    })
  );
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function json(client: SoakClient, method: 'GET' | 'POST', route: string, body?: unknown): Promise<any> {
  const answer = await client.call(method, route, body);
  if (answer.outcome !== 'ok')
    throw new Error(`verification call ${method} ${route} failed: ${answer.status || answer.outcome} ${answer.body.slice(0, 300)}`);
  return JSON.parse(answer.body);
}

export async function verify(ledger: Ledger, client: SoakClient): Promise<Verification> {
  const started = Date.now();
  const problems: Problem[] = [];
  const lost = { featureRowsOnline: 0, featureRowsOffline: 0, runs: 0, runParams: 0, runTags: 0, metricPoints: 0, versions: 0 };
  let altered = 0;
  const note = (kind: Problem['kind'], what: string, detail: string) => {
    if (problems.length < 50) problems.push({ kind, what, detail });
  };
  const rows = [...ledger.rows.values()];
  const references = FEATURES.map((f) => `${SOAK_GROUP}:${f}`);
  const compareRow = (row: FeatureRow, got: unknown[], where: 'online' | 'offline') => {
    if (got.every((v) => v === null)) {
      if (where === 'online') lost.featureRowsOnline++;
      else lost.featureRowsOffline++;
      note('feature-row', row.key, `missing from the ${where} store`);
    } else if (got[0] !== row.value || Number(got[1]) !== row.seq || got[2] !== row.tag) {
      altered++;
      note(
        'feature-row',
        row.key,
        `${where}: stored ${JSON.stringify(got)}, acknowledged ${JSON.stringify([row.value, row.seq, row.tag])}`
      );
    }
  };

  // Online: the latest value per key (each key is written once).
  await inPool(chunks(rows, 1000), 4, async (batch) => {
    const answer = await json(client, 'POST', '/api/v1/features/online', {
      features: references,
      entities: batch.map((r) => ({ key: r.key }))
    });
    batch.forEach((row, i) => compareRow(row, answer.values[i], 'online'));
  });

  // Offline: a point-in-time training set far in the future returns each key's only row.
  for (const batch of chunks(rows, 100_000)) {
    const set = await json(client, 'POST', '/api/v1/features/training-sets', {
      name: 'soak verification',
      features: references,
      entities: { rows: batch.map((r) => ({ key: r.key, at: FAR_FUTURE })) },
      timestampColumn: 'at'
    });
    const columns = await json(client, 'GET', `/api/v1/features/training-sets/${set.id}/columns`);
    const byKey = new Map<string, unknown[]>();
    (columns.data.key as string[]).forEach((key, i) =>
      byKey.set(
        key,
        FEATURES.map((f) => columns.data[f][i])
      )
    );
    for (const row of batch) compareRow(row, byKey.get(row.key) ?? [null, null, null], 'offline');
  }
  const ingestions = await json(client, 'GET', `/api/v1/features/groups/${SOAK_GROUP}/ingestions`);
  const storedRows = (ingestions.ingestions as Array<{ rows: number }>).reduce((s, i) => s + i.rows, 0);

  // Runs: params and tags exact, every acknowledged metric point in the history.
  let metricPoints = 0;
  await inPool([...ledger.runs.entries()], 8, async ([id, want]) => {
    const answer = await client.call('GET', `/api/v1/runs/${id}`);
    if (answer.status === 404) {
      lost.runs++;
      note('run', id, 'missing (404)');
      return;
    }
    if (answer.outcome !== 'ok')
      throw new Error(`GET /api/v1/runs/${id} failed: ${answer.status || answer.outcome} ${answer.body.slice(0, 300)}`);
    const run = JSON.parse(answer.body);
    if (run.name !== want.name) {
      altered++;
      note('run', id, `name ${run.name}, acknowledged ${want.name}`);
    }
    for (const [k, v] of Object.entries(want.params)) {
      if (!(k in run.params)) {
        lost.runParams++;
        note('run', id, `param ${k} missing`);
      } else if (run.params[k] !== v) {
        altered++;
        note('run', id, `param ${k} = ${run.params[k]}, acknowledged ${v}`);
      }
    }
    for (const [k, v] of Object.entries(want.tags)) {
      if (!(k in run.tags)) {
        lost.runTags++;
        note('run', id, `tag ${k} missing`);
      } else if (run.tags[k] !== v) {
        altered++;
        note('run', id, `tag ${k} = ${run.tags[k]}, acknowledged ${v}`);
      }
    }
    for (const key of new Set(want.metrics.map((m) => m.key))) {
      const history = (await json(client, 'GET', `/api/v1/runs/${id}/metrics/${encodeURIComponent(key)}`)).history as Array<{
        value: number;
        step: number;
      }>;
      for (const point of want.metrics.filter((m) => m.key === key)) {
        metricPoints++;
        if (!history.some((h) => h.step === point.step && h.value === point.value)) {
          lost.metricPoints++;
          note('run', id, `metric ${key} step ${point.step} = ${point.value} missing`);
        }
      }
    }
  });

  // Versions: every acknowledged number present, with the soak_seq tag it was created with.
  const versionAnswer = await client.call('GET', `/api/v1/models/${SOAK_MODEL}/versions`);
  const stored = new Map<number, { tags: Record<string, string> }>();
  if (versionAnswer.outcome === 'ok') for (const v of JSON.parse(versionAnswer.body).versions) stored.set(v.version, v);
  else if (versionAnswer.status !== 404)
    throw new Error(`listing the versions of ${SOAK_MODEL} failed: ${versionAnswer.status || versionAnswer.outcome}`);
  for (const [version, seq] of ledger.versions) {
    const found = stored.get(version);
    if (!found) {
      lost.versions++;
      note('version', `${SOAK_MODEL} v${version}`, 'missing');
    } else if (found.tags.soak_seq !== seq) {
      altered++;
      note('version', `${SOAK_MODEL} v${version}`, `soak_seq ${found.tags.soak_seq}, acknowledged ${seq}`);
    }
  }
  for (const version of ledger.duplicateVersions)
    note('version', `${SOAK_MODEL} v${version}`, 'the same version number was acknowledged to two creates');

  return {
    checked: {
      featureRowsOnline: rows.length,
      featureRowsOffline: rows.length,
      runs: ledger.runs.size,
      metricPoints,
      versions: ledger.versions.size
    },
    lost,
    altered: altered + ledger.duplicateVersions.length,
    extraFeatureRows: storedRows - rows.length,
    storedIngestions: ingestions.ingestions.length,
    problems,
    seconds: Math.round((Date.now() - started) / 100) / 10
  };
}

export function lostCount(v: Verification): number {
  return Object.values(v.lost).reduce((s, n) => s + n, 0) + v.altered;
}
