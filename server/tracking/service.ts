/**
 * Experiment tracking as route handlers and the MLflow-compatible layer call it: experiments,
 * runs (params, metric series, tags, search) and run artifacts. Built once per app from the store
 * port and the artifact store; prepared (indexes, the default experiment) before the first request.
 */
import type { ArtifactStore } from '../platform/artifacts/port';
import type { DocumentStore } from '../platform/store/port';
import { Experiments } from './experiments';
import { RunArtifacts } from './run-artifacts';
import { Runs } from './runs';

export interface TrackingServiceDependencies {
  store: DocumentStore;
  artifacts: ArtifactStore;
  /** Largest run artifact, in bytes. */
  maxArtifactBytes: number;
  now?: () => Date;
}

export class TrackingService {
  readonly experiments: Experiments;
  readonly runs: Runs;
  readonly artifacts: RunArtifacts;

  constructor(deps: TrackingServiceDependencies) {
    const now = deps.now ?? (() => new Date());
    this.experiments = new Experiments(deps.store, now);
    this.runs = new Runs(deps.store, this.experiments, now);
    this.artifacts = new RunArtifacts({
      store: deps.store,
      artifacts: deps.artifacts,
      runs: this.runs,
      now,
      maxBytes: deps.maxArtifactBytes
    });
  }

  /** At start, before the first request (composition/lifecycle.ts): indexes and the default experiment. */
  async prepare(): Promise<void> {
    await this.experiments.prepare();
    await this.runs.prepare();
    await this.artifacts.prepare();
    await this.experiments.createDefault();
  }
}
