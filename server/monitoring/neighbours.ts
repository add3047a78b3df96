/**
 * Everything monitoring asks of other domains, in one place: serving's predictions and deployments
 * (config/serving-port.ts), the registry's versions, the feature store's training sets and
 * point-in-time values, and jobs (an alert rule reruns one; /metrics counts them). The composition
 * builds it from the neighbours' services; each part of monitoring takes the slice it uses.
 */
import type { Readable } from 'node:stream';
import type { Job, JobState, ModelVersion, QueueStatus, TrainingSet } from '@mlportal/contract';
import type { PointInTimeAnswer, PointInTimeRequest } from '../features/point-in-time-lookup';
import type { Principal } from '../platform/principal';
import type { ServingReadings } from './config/serving-port';

export interface MonitoringNeighbours {
  serving: ServingReadings;
  /** NotFoundError when the version is unknown. */
  modelVersion(model: string, version: number): Promise<ModelVersion>;
  /** NotFoundError when the training set is unknown. */
  trainingSet(id: string): Promise<TrainingSet>;
  /** The training set's rows as Parquet, read by the backend itself: only statistics of them leave monitoring. */
  trainingSetParquet(id: string): Promise<Readable>;
  /** The values each entity row would have had in a training set at its timestamp (the feature store's offline join). */
  pointInTime(request: PointInTimeRequest): Promise<PointInTimeAnswer>;
  /** NotFoundError when the job is unknown. */
  job(id: string): Promise<Job>;
  /** Submits the job's spec again, as `principal`. */
  rerunJob(id: string, principal: Principal): Promise<Job>;
  jobCountsByState(): Promise<Record<JobState, number>>;
  jobQueues(): Promise<QueueStatus[]>;
}
