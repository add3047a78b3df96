/**
 * The one place the registry reaches into other domains, through their services: runs (tracking)
 * and training sets, groups and feature usage (the feature store). Built lazily from the app's
 * services, since the registry is created alongside them.
 */
import type { Services } from '../../api/services';
import type { TrainingSet } from '../../features/schemas';
import { NotFoundError } from '../../platform/errors';
import type { Run } from '../../tracking/schemas';

export interface LineageSources {
  /** NotFoundError naming the runId when there is no such run. */
  run(runId: string): Promise<Run>;
  /** NotFoundError naming the trainingSetId when there is no such training set. */
  trainingSet(id: string): Promise<TrainingSet>;
  /** Ids of the training sets that used group:feature (any group version); NotFoundError for an unknown group. */
  trainingSetsUsing(group: string, feature: string): Promise<string[]>;
}

export function lineageSourcesFrom(services: () => Services): LineageSources {
  return {
    async run(runId) {
      try {
        return await services().tracking.runs.get(runId);
      } catch (err) {
        if (err instanceof NotFoundError) throw new NotFoundError(`runId: no run ${runId}`, { field: 'runId', runId });
        throw err;
      }
    },
    async trainingSet(id) {
      const features = services().features;
      await features.ready();
      try {
        return await features.trainingSets.get(id);
      } catch (err) {
        if (err instanceof NotFoundError) throw new NotFoundError(`trainingSetId: no training set ${id}`, { field: 'trainingSetId', trainingSetId: id });
        throw err;
      }
    },
    async trainingSetsUsing(group, feature) {
      const features = services().features;
      await features.ready();
      await features.groups.require(group);
      const rows = await features.trainingSets.usage.find({ group, feature });
      return [...new Set(rows.map((row) => row.trainingSetId))];
    }
  };
}
