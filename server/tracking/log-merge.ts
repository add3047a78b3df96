/**
 * What a checked log call changes on a run document: params added (never changed), the latest
 * value of each metric, tags set. Pure, so a retry after a concurrent write just merges again.
 */
import { ConflictError } from '../platform/errors';
import type { Stored } from '../platform/store/port';
import type { RunDocument } from './documents';
import { fieldNameOf } from './keys';
import type { CheckedLog, CheckedMetric } from './log-input';

export type LogChanges = Pick<RunDocument, 'params' | 'metrics' | 'tags'>;

export function mergeLog(run: Stored<RunDocument>, log: CheckedLog): LogChanges {
  const params = { ...run.params };
  for (const [key, value] of log.params) {
    const name = fieldNameOf(key);
    const existing = params[name];
    if (existing && existing.value !== value) {
      throw new ConflictError(
        `param ${JSON.stringify(key)} of run ${run._id} is already ${JSON.stringify(existing.value)}: params never change (got ${JSON.stringify(value)})`,
        'conflict',
        { key, stored: existing.value, given: value }
      );
    }
    params[name] = { key, value };
  }
  const metrics = { ...run.metrics };
  for (const point of log.metrics) {
    const name = fieldNameOf(point.key);
    const latest = metrics[name];
    if (!latest || isLater(point, latest))
      metrics[name] = { key: point.key, value: point.value, step: point.step, timestamp: point.timestamp };
  }
  const tags = { ...run.tags };
  for (const [key, value] of log.tags) tags[fieldNameOf(key)] = { key, value };
  return { params, metrics, tags };
}

/** Highest step wins, then the latest timestamp; on a full tie the value logged last. */
function isLater(point: CheckedMetric, latest: { step: number; timestamp: string }): boolean {
  if (point.step !== latest.step) return point.step > latest.step;
  return point.timestamp >= latest.timestamp;
}
