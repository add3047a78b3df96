/**
 * Training–serving skew: for a window of a deployment's logged predictions that were served from
 * entity keys, the feature values the model got (online store) against the values the offline
 * store holds for the same entity at the prediction's time (the point-in-time join a training set
 * would have used). Read through serving's prediction log, the registry's lineage and the feature
 * store's pointInTime; nothing is stored.
 */
import { NotFoundError } from '../../platform/errors';
import { DEFAULT_SKEW_LIMIT, type LineageFeature, type SkewQuery, type SkewReport } from '@mlportal/contract';
import type { LoggedPrediction } from '../config/serving-port';
import type { MonitoringNeighbours } from '../neighbours';
import { DAY_MS, windowOf } from '../decay/time-steps';
import { SkewTally } from './tally';

export interface SkewDependencies {
  /** Serving's prediction log, the registry's lineage and the feature store's point-in-time values. */
  neighbours: Pick<MonitoringNeighbours, 'serving' | 'modelVersion' | 'pointInTime'>;
  now: () => Date;
}

/** The entity rows' timestamp column in the point-in-time lookup. */
const SERVED_AT = 'served_at';

/** A logged prediction that can be compared: served from entity keys, features known by name. */
type ComparablePrediction = LoggedPrediction & {
  entityKeys: NonNullable<LoggedPrediction['entityKeys']>;
  features: NonNullable<LoggedPrediction['features']>;
};

export class SkewService {
  constructor(private readonly deps: SkewDependencies) {}

  async report(deployment: string, query: SkewQuery = {}): Promise<SkewReport> {
    const window = windowOf(query, this.deps.now(), DAY_MS);
    const from = window.from.toISOString();
    const to = window.to.toISOString();
    const { neighbours } = this.deps;
    await neighbours.serving.deployment(deployment);
    const logged = await this.servedWithin(deployment, from, to, query.limit ?? DEFAULT_SKEW_LIMIT);
    const tally = new SkewTally();
    let rows = 0;
    for (const predictions of byVersion(logged).values()) {
      const { model, version } = predictions[0]!;
      const columns = await this.lineageColumns(model, version, Object.keys(predictions[0]!.features));
      if (columns.length === 0) continue;
      const offline = await neighbours.pointInTime({
        features: columns.map((c) => c.reference),
        entities: predictions.map((p) => ({ ...p.entityKeys, [SERVED_AT]: p.at })),
        timestampColumn: SERVED_AT
      });
      predictions.forEach((prediction, i) =>
        columns.forEach((column, j) => tally.add(column.name, prediction.features[column.name] ?? null, offline.values[i]![j]!))
      );
      rows += predictions.length;
    }
    return { deployment, window: { from, to }, rows, features: tally.result() };
  }

  /** The newest `limit` answers callers got in the window (a shadow's never reach them), those served from entity keys. */
  private async servedWithin(deployment: string, from: string, to: string, limit: number): Promise<ComparablePrediction[]> {
    const { serving } = this.deps.neighbours;
    const lists = await Promise.all(
      (['primary', 'canary'] as const).map((role) => serving.recentPredictions(deployment, { limit, before: to, role }))
    );
    return lists
      .flat()
      .filter((p) => p.at >= from)
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, limit)
      .filter((p): p is ComparablePrediction => p.entityKeys !== null && p.features !== null);
  }

  /** The logged features the version's training set read from the feature store, with their references. */
  private async lineageColumns(model: string, version: number, names: string[]): Promise<Array<{ name: string; reference: string }>> {
    let lineage: LineageFeature[];
    try {
      lineage = (await this.deps.neighbours.modelVersion(model, version)).lineage.features;
    } catch (err) {
      // A version deleted since it served: nothing to compare its predictions with.
      if (err instanceof NotFoundError) return [];
      throw err;
    }
    return names.flatMap((name) => {
      // A training set names its columns feature, or group__feature with fullFeatureNames.
      const found = lineage.find((f) => f.feature === name) ?? lineage.find((f) => `${f.group}__${f.feature}` === name);
      return found ? [{ name, reference: found.reference }] : [];
    });
  }
}

function byVersion(predictions: ComparablePrediction[]): Map<string, ComparablePrediction[]> {
  const groups = new Map<string, ComparablePrediction[]>();
  for (const prediction of predictions) {
    const key = `${prediction.model}@${prediction.version}`;
    const group = groups.get(key);
    if (group) group.push(prediction);
    else groups.set(key, [prediction]);
  }
  return groups;
}
