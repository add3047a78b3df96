/** Serving's neighbours port (serving/neighbours.ts), built from the registry, the feature store and jobs. */
import { buffer } from 'node:stream/consumers';
import type { FeatureService } from '../../features/service';
import type { JobService } from '../../jobs/service';
import type { RegistryService } from '../../registry/service';
import type { ServingNeighbours } from '../../serving/neighbours';

export interface ServingNeighbourServices {
  registry: RegistryService;
  features: FeatureService;
  jobs: JobService;
}

export function servingNeighboursOf({ registry, features, jobs }: ServingNeighbourServices): ServingNeighbours {
  return {
    modelVersion: (model, version) => registry.versions.get(model, version),
    productionVersion: async (model) => (await registry.models.get(model)).productionVersion,
    modelBytes: async (model, version) => new Uint8Array(await buffer((await registry.versions.artifact(model, version)).stream)),
    onlineFeatures: (request) => features.lookup(request),
    trainingSet: (id) => features.trainingSets.get(id),
    submitJob: (request, principal) => jobs.submit(request, principal)
  };
}
