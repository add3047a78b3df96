/**
 * Experiment tracking as route handlers and the MLflow-compatible layer call it: experiments,
 * runs (params, metric series, tags, search) and run artifacts. Built once per app from the store
 * port and the artifact store; every entry point prepares indexes and the default experiment first.
 */
import type { ArtifactStore } from '../platform/artifacts/port';
import { onceRetryingFailure } from '../platform/once';
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
  private readonly preparation = onceRetryingFailure(async () => {
    await this.experiments.prepare();
    await this.runs.prepare();
    await this.artifacts.prepare();
    await this.experiments.createDefault();
  });

  constructor(deps: TrackingServiceDependencies) {
    const now = deps.now ?? (() => new Date());
    const ready = () => this.ready();
    this.experiments = new Experiments(deps.store, now, ready);
    this.runs = new Runs(deps.store, this.experiments, now, ready);
    this.artifacts = new RunArtifacts({ store: deps.store, artifacts: deps.artifacts, runs: this.runs, now, maxBytes: deps.maxArtifactBytes, ready });
  }

  /** Indexes and the default experiment; idempotent. */
  ready(): Promise<void> {
    return this.preparation();
  }
}
