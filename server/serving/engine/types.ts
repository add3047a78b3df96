/**
 * What the serving engine takes and gives. The deployment shapes are the contract's, so the engine
 * needs nothing from the deployment service.
 */
import type { Registry } from 'prom-client';
import type {
  Batching,
  DeploymentStats,
  ServingRole as Role,
  Signature,
  TensorSpec,
  TrafficEntry,
  VersionRef,
  VersionStats
} from '@mlportal/contract';
import type { Logger } from '../../platform/logging';
import type { InferencePool } from '../runtime/pool';
import type { Feeds, Outputs, WireFeeds } from '../runtime/types';

export type { Batching, DeploymentStats, Role, TrafficEntry, VersionRef, VersionStats };

/** traffic[0] is the primary (champion), traffic[1] the canary; percents are whole numbers summing to 100. */
export interface RoutingSpec {
  name: string;
  traffic: TrafficEntry[];
  shadow: VersionRef | null;
  batching: Batching;
}

export type EntityKeys = Array<Record<string, string | number | boolean>>;

export interface InferRequest {
  /** Address one version of the deployment instead of drawing from the traffic split. */
  version?: number;
  feeds?: Feeds;
  /** For requests that carry entity keys: the feeds for the version that was drawn (and for the shadow). */
  resolveFeeds?: (ref: VersionRef, signature: Signature) => Promise<Feeds>;
  entityKeys?: EntityKeys;
  requestId?: string;
}

export interface InferResult {
  model: string;
  version: number;
  role: 'primary' | 'canary';
  outputs: Outputs;
  predictionIds: string[];
  latencyMs: number;
}

export interface ServedRequest {
  deployment: string;
  model: string;
  version: number;
  role: Role;
  requestId: string;
  predictionIds: string[];
  feeds: WireFeeds;
  outputs: Outputs;
  latencyMs: number;
  at: Date;
  entityKeys?: EntityKeys;
  featureNames: string[] | null;
}

export interface ModelMetadata {
  /** The deployment's name (the v2 model name). */
  name: string;
  /** The versions traffic goes to, as strings (the v2 form), primary first. */
  versions: string[];
  platform: 'onnxruntime_onnx';
  /** The version whose signature follows: the one asked for, else the primary. */
  model: string;
  version: number;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  featureNames: string[] | null;
}

export interface EngineDeps {
  /** Started lazily on first use; the engine closes it on close(). */
  pool(): Promise<InferencePool>;
  modelBytes(ref: VersionRef): Promise<Uint8Array>;
  metrics: Registry;
  /** Called after each answered request (primary, canary and shadow); must not throw (a throw is logged). */
  onServed(record: ServedRequest): void;
  /** Where shadow failures and onServed faults are reported; silent without one. */
  logger?: Logger;
  random?: () => number;
  now?: () => number;
}
