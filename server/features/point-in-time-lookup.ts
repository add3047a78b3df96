/**
 * Point-in-time lookup: the values a training set would have given each entity row at its own
 * timestamp, answered directly and stored nowhere (no training-set record, no artifact, no usage).
 * Monitoring compares these with the values served online (training–serving skew). The join is the
 * training-set builder's (TrainingSetService.joinInto); only the reading back is done here.
 */
import { promises as fs } from 'node:fs';
import { BadRequestError } from '../platform/errors';
import { exportFile, type Engine, type FeatureType } from './engine';
import { parseJsonRows } from './json-rows';
import { removeFile, type FeatureLayout } from './layout';
import { canonicalTime } from './online-keys';
import { FEATURE_LIMITS } from '@mlportal/contract';
import type { TrainingSetService } from './training-sets';

export interface PointInTimeRequest {
  /** Feature references (group[@vN]:feature), answered in this order. */
  features: string[];
  /** Entity rows: the join keys of every group named, and the timestamp column. */
  entities: Array<Record<string, string | number | boolean | null>>;
  /** The entity rows' column holding each row's point in time (ISO-8601 text or a timestamp). */
  timestampColumn: string;
  /** Values older than this, relative to the row's timestamp, come back null. */
  maxAgeSeconds?: number;
}

export type PointInTimeValue = string | number | boolean | null;

export interface PointInTimeAnswer {
  features: Array<{ reference: string; group: string; version: number; name: string; type: FeatureType }>;
  /** One row per entity row, in request order; one value per feature, in request order; null when none was known then. */
  values: PointInTimeValue[][];
}

export interface PointInTimeDependencies {
  trainingSets: TrainingSetService;
  engine: Engine;
  layout: FeatureLayout;
}

export async function lookupPointInTime(deps: PointInTimeDependencies, request: PointInTimeRequest): Promise<PointInTimeAnswer> {
  if (request.features.length === 0) throw new BadRequestError('features: name at least one feature', { field: 'features' });
  if (request.entities.length === 0) throw new BadRequestError('entities: send at least one entity row', { field: 'entities' });
  if (request.entities.length > FEATURE_LIMITS.entityRows) {
    throw new BadRequestError(`entities: at most ${FEATURE_LIMITS.entityRows} rows a lookup, not ${request.entities.length}`, {
      field: 'entities'
    });
  }
  const joined = deps.layout.scratch('parquet');
  const rendered = deps.layout.scratch('json');
  try {
    // group__feature columns: an entity column can then share a feature's name without clashing.
    const { resolved } = await deps.trainingSets.joinInto(
      {
        features: request.features,
        entities: { rows: request.entities },
        timestampColumn: request.timestampColumn,
        fullFeatureNames: true,
        ...(request.maxAgeSeconds !== undefined ? { maxAgeSeconds: request.maxAgeSeconds } : {})
      },
      joined
    );
    await exportFile(deps.engine, { file: joined, format: 'json', output: rendered });
    const rows = parseJsonRows(await fs.readFile(rendered, 'utf8'));
    const columns = resolved
      .flatMap((group) =>
        group.features.map((f) => {
          const type = group.version.features.find((c) => c.name === f.name)!.type;
          return {
            index: f.index,
            column: f.as,
            type,
            feature: {
              reference: request.features[f.index]!,
              group: group.version.group,
              version: group.version.version,
              name: f.name,
              type
            }
          };
        })
      )
      .sort((a, b) => a.index - b.index);
    return {
      features: columns.map((c) => c.feature),
      values: rows.map((row) => columns.map((c) => valueOf(row[c.column], c.type)))
    };
  } finally {
    await removeFile(joined);
    await removeFile(rendered);
  }
}

function valueOf(value: unknown, type: FeatureType): PointInTimeValue {
  if (value === undefined || value === null) return null;
  return type === 'timestamp' ? canonicalTime(value) : (value as string | number | boolean);
}
