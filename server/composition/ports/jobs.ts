/** The jobs' neighbours port (jobs/neighbours.ts), built from tracking, the token service, the feature store and the registry. */
import type { TokenService } from '../../auth/token-service';
import type { FeatureService } from '../../features/service';
import type { JobNeighbours } from '../../jobs/neighbours';
import type { RegistryService } from '../../registry/service';
import type { TrackingService } from '../../tracking/service';

export interface JobNeighbourServices {
  tracking: TrackingService;
  tokens: TokenService;
  features: FeatureService;
  registry: RegistryService;
}

export function jobNeighboursOf({ tracking, tokens, features, registry }: JobNeighbourServices): JobNeighbours {
  return {
    async createRun({ experimentId, name, jobId, actor }) {
      const run = await tracking.runs.create({ experimentId, name, origin: { jobId, source: 'job' } }, actor);
      return { runId: run.id, experimentId: run.experimentId };
    },
    async setRunStatus(runId, status) {
      await tracking.runs.update(runId, { status });
    },
    async putRunArtifact(runId, path, content, { rows }) {
      await tracking.artifacts.put(runId, path, content, 'mlportal', { rows });
    },
    async createToken(request) {
      const { record, token } = await tokens.create(request);
      return { id: record.id, token };
    },
    async revokeToken(id, by) {
      await tokens.revoke(id, by);
    },
    async requireTrainingSet(id) {
      await features.trainingSets.get(id);
    },
    async requireModelVersion(model, version) {
      await registry.versions.get(model, version);
    }
  };
}
