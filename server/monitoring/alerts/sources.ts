/**
 * Where alert rules read their figures, each from its owner: the deployment and the engine's live
 * statistics from serving (monitoring's serving port), drift scores from the drift part, labelled
 * quality from the decay part.
 */
import { NotFoundError } from '../../platform/errors';
import type { DeploymentStats, ServingReadings } from '../config/serving-port';
import type { DecayService } from '../decay/decay-service';
import type { DriftService } from '../drift/service';
import { RequestCountHistory, type RequestCounts } from './request-counts';
import type { TimeWindow } from '@mlportal/contract';

export interface FeatureDriftScore {
  feature: string;
  score: number;
}

export interface WindowQuality {
  labelled: number;
  accuracy?: number;
  rmse?: number;
}

export type ServedVersionStats = DeploymentStats['versions'][number];

export interface AlertSources {
  /** NotFoundError (404) when there is no such deployment. */
  requireDeployment(name: string): Promise<void>;
  driftScores(deployment: string, window: TimeWindow): Promise<FeatureDriftScore[]>;
  /** The versions answering callers (primary and canary; a shadow's answers are never returned). */
  servedVersions(deployment: string): ServedVersionStats[];
  requestCounts(deployment: string, window: TimeWindow): RequestCounts;
  quality(deployment: string, window: TimeWindow): Promise<WindowQuality | null>;
}

/** The parts alert sources read from. */
export interface AlertSourceParts {
  serving: ServingReadings;
  drift: Pick<DriftService, 'report'>;
  decay: Pick<DecayService, 'quality'>;
}

export function alertSourcesFrom({ serving, drift, decay }: AlertSourceParts): AlertSources {
  const history = new RequestCountHistory();
  const servedVersions = (deployment: string) => serving.stats(deployment).versions.filter((v) => v.role !== 'shadow');
  return {
    async requireDeployment(name) {
      await serving.deployment(name);
    },
    async driftScores(deployment, window) {
      try {
        await serving.deployment(deployment);
        const report = await drift.report(deployment, { from: window.from.toISOString(), to: window.to.toISOString() });
        return report.features.map(({ feature, score }) => ({ feature, score }));
      } catch (err) {
        // The deployment exists (checked first): drift's 404 means no logged predictions with features in the window.
        if (err instanceof NotFoundError) return [];
        throw err;
      }
    },
    servedVersions,
    requestCounts(deployment, window) {
      const totals = servedVersions(deployment).reduce(
        (sum, v) => ({ requests: sum.requests + v.requests, errors: sum.errors + v.errors }),
        { requests: 0, errors: 0 }
      );
      return history.countsWithin(deployment, totals, window);
    },
    async quality(deployment, window) {
      const report = await decay.quality(deployment, {
        from: window.from.toISOString(),
        to: window.to.toISOString(),
        step: '1h'
      });
      return report.total.labelled > 0 ? report.total : null;
    }
  };
}
