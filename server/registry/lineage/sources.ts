/**
 * The one place the registry reaches into other domains: runs (tracking) and training sets and
 * feature usage (the feature store), as a narrow port the composition builds from their services.
 */
import type { Run, TrainingSet } from '@mlportal/contract';

export interface LineageSources {
  /** NotFoundError when there is no such run. */
  run(runId: string): Promise<Run>;
  /** NotFoundError when there is no such training set. */
  trainingSet(id: string): Promise<TrainingSet>;
  /** Ids of the training sets that used group:feature (any group version); NotFoundError for an unknown group. */
  trainingSetsUsing(group: string, feature: string): Promise<string[]>;
}
