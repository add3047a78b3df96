/**
 * Everything serving asks of other domains, in one place: the registry's versions (their ONNX
 * file, their lineage, the model's production version for the gate), the feature store's online
 * values and training sets, and jobs (batch scoring runs as one). The composition builds it from
 * the neighbours' services.
 */
import type { Job, ModelVersion, OnlineLookupRequest, OnlineLookupResult, SubmitJobRequest, TrainingSet } from '@mlportal/contract';
import type { Principal } from '../platform/principal';

export interface ServingNeighbours {
  /** NotFoundError when the model or version is unknown. */
  modelVersion(model: string, version: number): Promise<ModelVersion>;
  /** The model's production version number, null when it has none; NotFoundError when the model is unknown. */
  productionVersion(model: string): Promise<number | null>;
  /** The version's ONNX file, whole. */
  modelBytes(model: string, version: number): Promise<Uint8Array>;
  /** The latest online values of features for entities (the feature store's online lookup). */
  onlineFeatures(request: OnlineLookupRequest): Promise<OnlineLookupResult>;
  /** NotFoundError when the training set is unknown. */
  trainingSet(id: string): Promise<TrainingSet>;
  /** Submits a job as `principal` (batch scoring runs as one). */
  submitJob(request: SubmitJobRequest, principal: Principal): Promise<Job>;
}
