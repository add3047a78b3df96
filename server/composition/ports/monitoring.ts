/**
 * Monitoring's neighbours port (monitoring/neighbours.ts), built from serving, the registry, the
 * feature store and jobs; its serving part is monitoring's one view of serving (config/serving-port.ts).
 */
import { BACKEND_READER } from '../../auth/rows';
import type { FeatureService } from '../../features/service';
import type { JobService } from '../../jobs/service';
import type { ServingReadings } from '../../monitoring/config/serving-port';
import type { MonitoringNeighbours } from '../../monitoring/neighbours';
import type { RegistryService } from '../../registry/service';
import type { ServingService } from '../../serving/service';

export interface MonitoringNeighbourServices {
  serving: ServingService;
  registry: RegistryService;
  features: FeatureService;
  jobs: JobService;
}

export function monitoringNeighboursOf({ serving, registry, features, jobs }: MonitoringNeighbourServices): MonitoringNeighbours {
  return {
    serving: servingReadingsOf(serving),
    modelVersion: (model, version) => registry.versions.get(model, version),
    trainingSet: (id) => features.trainingSets.get(id),
    // The backend reads the rows itself (admin's right to rows): only their statistics leave monitoring.
    trainingSetParquet: async (id) => (await features.trainingSets.download(id, 'parquet', BACKEND_READER)).stream,
    pointInTime: (request) => features.pointInTime(request),
    job: (id) => jobs.get(id),
    rerunJob: (id, principal) => jobs.rerun(id, principal),
    jobCountsByState: () => jobs.countByState(),
    jobQueues: () => jobs.queues()
  };
}

function servingReadingsOf(serving: ServingService): ServingReadings {
  return {
    predictions: (ids) => serving.predictions.get(ids),
    recentPredictions: (deployment, options) => serving.predictions.list(deployment, options),
    onLogged: (listener) => serving.predictions.onLogged(listener),
    deployment: (name) => serving.deployments.get(name),
    deployments: () => serving.deployments.list(),
    events: (name) => serving.deployments.events(name),
    stats: (name) => serving.engine.stats(name)
  };
}
