/**
 * Lineage read both ways: from a version back to its run, training set and features; and from a
 * feature forward to the model versions trained on training sets that used it.
 */
import type { Filter } from '../../platform/store/port';
import { NotFoundError } from '../../platform/errors';
import type { ModelDocument, VersionDocument } from '../documents';
import type { RegistryStore } from '../context';
import type { FeatureModels, ModelVersion, VersionLineage } from '@mlportal/contract';
import type { LineageSources } from './sources';

/** The run and training set a version names, when they still exist (a deleted one is left out, the ids stay in lineage). */
export async function versionLineage(version: ModelVersion, sources: LineageSources): Promise<VersionLineage> {
  const { runId, trainingSetId, features } = version.lineage;
  const run = runId !== undefined ? await ifFound(() => sources.run(runId)) : undefined;
  const trainingSet = trainingSetId !== undefined ? await ifFound(() => sources.trainingSet(trainingSetId)) : undefined;
  return { version, ...(run ? { run } : {}), ...(trainingSet ? { trainingSet } : {}), features };
}

/** Versions (of models that exist) trained on any of these training sets, newest first. */
export async function versionsTrainedOn(
  registry: RegistryStore,
  trainingSetIds: string[]
): Promise<Array<VersionDocument & { _id: string }>> {
  if (trainingSetIds.length === 0) return [];
  const filter: Filter = { trainingSetId: { $in: trainingSetIds } };
  const versions = await registry.versions.find(filter, { sort: { createdAt: -1, version: -1 } });
  const modelIds = [...new Set(versions.map((v) => v.modelId))];
  const live = new Set((await registry.models.find({ _id: { $in: modelIds } })).map((m: ModelDocument & { _id: string }) => m._id));
  return versions.filter((v) => live.has(v.modelId));
}

export async function modelsUsingFeature(
  registry: RegistryStore,
  sources: LineageSources,
  group: string,
  feature: string
): Promise<FeatureModels> {
  const ids = await sources.trainingSetsUsing(group, feature);
  const versions = await versionsTrainedOn(registry, ids);
  return { models: versions.map((v) => ({ model: v.model, version: v.version, stage: v.stage, trainingSetId: v.trainingSetId! })) };
}

async function ifFound<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}
