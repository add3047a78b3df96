/**
 * Registry records as MLflow's proto JSON (model_registry.proto): RegisteredModel, ModelVersion,
 * stages spelled None/Staging/Production/Archived, versions as strings, times as epoch ms.
 */
import type { ModelVersion, RegisteredModel, Stage } from '@mlportal/contract';
import { BadRequestError } from '../platform/errors';
import { modelVersionArtifactUri } from './source-uri';
import { epochMs } from './time';

const MLFLOW_STAGE: Record<Stage, string> = { none: 'None', staging: 'Staging', production: 'Production', archived: 'Archived' };

export function mlflowStage(stage: Stage): string {
  return MLFLOW_STAGE[stage];
}

/** MLflow's stage names, in any case (its server accepts "staging" as well as "Staging"). */
export function stageOf(mlflowName: string): Stage {
  const stage = (Object.keys(MLFLOW_STAGE) as Stage[]).find((s) => s === mlflowName.trim().toLowerCase());
  if (!stage) throw new BadRequestError(`"${mlflowName}" is not a stage: use one of None, Staging, Production, Archived`);
  return stage;
}

export function tagList(tags: Record<string, string>): Array<{ key: string; value: string }> {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

export function mlflowModelVersion(version: ModelVersion): object {
  return {
    name: version.model,
    version: String(version.version),
    creation_timestamp: epochMs(version.createdAt),
    last_updated_timestamp: epochMs(version.updatedAt),
    user_id: version.createdBy,
    current_stage: mlflowStage(version.stage),
    description: version.description,
    // Where MLflow's client can fetch the ONNX file (the mlflow-artifacts endpoints serve it).
    source: modelVersionArtifactUri(version.model, version.version),
    ...(version.lineage.runId ? { run_id: version.lineage.runId } : {}),
    // mlportal validates before it registers: a version that exists is ready.
    status: 'READY',
    tags: tagList(version.tags),
    aliases: version.aliases
  };
}

/** `latest` (newest version per stage, MLflow's latest_versions) when the caller has the versions at hand. */
export function mlflowRegisteredModel(model: RegisteredModel, versions?: readonly ModelVersion[]): object {
  return {
    name: model.name,
    creation_timestamp: epochMs(model.createdAt),
    last_updated_timestamp: epochMs(model.updatedAt),
    user_id: model.createdBy,
    description: model.description,
    ...(versions ? { latest_versions: latestPerStage(versions).map(mlflowModelVersion) } : {}),
    tags: tagList(model.tags),
    aliases: Object.entries(model.aliases).map(([alias, version]) => ({ alias, version: String(version) }))
  };
}

function latestPerStage(versions: readonly ModelVersion[]): ModelVersion[] {
  const newest = new Map<Stage, ModelVersion>();
  for (const v of versions) {
    const held = newest.get(v.stage);
    if (!held || v.version > held.version) newest.set(v.stage, v);
  }
  return [...newest.values()].sort((a, b) => a.version - b.version);
}
