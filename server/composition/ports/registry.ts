/** The registry's lineage port (registry/lineage/sources.ts), built from tracking and the feature store. */
import type { FeatureService } from '../../features/service';
import type { LineageSources } from '../../registry/lineage/sources';
import type { TrackingService } from '../../tracking/service';

export function lineageSourcesOf({ tracking, features }: { tracking: TrackingService; features: FeatureService }): LineageSources {
  return {
    run: (runId) => tracking.runs.get(runId),
    trainingSet: (id) => features.trainingSets.get(id),
    async trainingSetsUsing(group, feature) {
      await features.groups.require(group);
      const rows = await features.trainingSets.usage.find({ group, feature });
      return [...new Set(rows.map((row) => row.trainingSetId))];
    }
  };
}
