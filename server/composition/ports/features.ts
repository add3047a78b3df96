/** The feature store's model-usage port (features/discovery.ts), built from the registry. */
import type { ModelUsageSource } from '../../features/discovery';
import type { RegistryService } from '../../registry/service';

export function modelUsageSourceOf(registry: RegistryService): ModelUsageSource {
  return {
    modelsTrainedOn: async (trainingSetIds) =>
      (await registry.modelsTrainedOn(trainingSetIds)).map(({ model, version, trainingSetId }) => ({
        model,
        version: String(version),
        trainingSetId
      }))
  };
}
