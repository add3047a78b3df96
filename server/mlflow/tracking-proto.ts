/**
 * Tracking records as MLflow's proto JSON (service.proto): Experiment, Run {info, data}, Metric,
 * with times as epoch ms and the run's artifact_uri pointing at the mlflow-artifacts endpoints.
 */
import type { Experiment, MetricPoint, Run } from '@mlportal/contract';
import { tagList } from './registry-proto';
import { experimentArtifactLocation, runArtifactUri } from './source-uri';
import { epochMs } from './time';

/** MLflow keeps an experiment's (and a run's) description in this tag. */
export const NOTE_TAG = 'mlflow.note.content';

export function mlflowExperiment(experiment: Experiment): object {
  const tags = experiment.description ? { ...experiment.tags, [NOTE_TAG]: experiment.description } : experiment.tags;
  return {
    experiment_id: experiment.id,
    name: experiment.name,
    artifact_location: experimentArtifactLocation(experiment.id),
    lifecycle_stage: experiment.lifecycleStage,
    creation_time: epochMs(experiment.createdAt),
    last_update_time: epochMs(experiment.updatedAt),
    tags: tagList(tags)
  };
}

export function mlflowRunInfo(run: Run): object {
  return {
    run_id: run.id,
    run_uuid: run.id,
    run_name: run.name,
    experiment_id: run.experimentId,
    user_id: run.createdBy,
    status: run.status,
    start_time: epochMs(run.startTime),
    ...(run.endTime ? { end_time: epochMs(run.endTime) } : {}),
    artifact_uri: runArtifactUri(run.id),
    lifecycle_stage: run.lifecycleStage
  };
}

export function mlflowRun(run: Run): object {
  return {
    info: mlflowRunInfo(run),
    data: {
      metrics: Object.entries(run.metrics).map(([key, m]) => ({ key, value: m.value, timestamp: epochMs(m.timestamp), step: m.step })),
      params: tagList(run.params),
      tags: tagList({ ...run.tags, 'mlflow.runName': run.name })
    },
    inputs: {}
  };
}

export function mlflowMetric(key: string, point: MetricPoint): object {
  return { key, value: point.value, timestamp: epochMs(point.timestamp), step: point.step };
}
