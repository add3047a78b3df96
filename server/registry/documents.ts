/**
 * The registry's documents in the document store. Tag, metric and param keys may hold "." and
 * "/" (MLflow's rule) while the store refuses "." in field names, so those maps are kept as lists
 * of { key, value }. A model's _id is an opaque key, not its name: versions and events point at
 * that key, so what a deleted model left behind never shows under a new model of the same name.
 */
import type { EventKind, Lineage, Signature, Stage } from '@mlportal/contract';

export const COLLECTIONS = {
  models: 'registered_models',
  versions: 'model_versions',
  artifacts: 'model_artifacts',
  events: 'model_events'
} as const;

export interface KeyValue<V> {
  key: string;
  value: V;
}

export interface ModelDocument {
  name: string;
  description: string;
  tags: Array<KeyValue<string>>;
  /** alias → version number (aliases are lower case letters, digits, _ and -: safe as field names). */
  aliases: Record<string, number>;
  /** The highest version number ever given out: numbers are never reused, even after a delete. */
  lastVersion: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export interface ArtifactDocument {
  size: number;
  format: 'onnx';
  signature: Signature;
  createdAt: string;
  createdBy: string;
}

export interface VersionDocument {
  modelId: string;
  model: string;
  version: number;
  description: string;
  stage: Stage;
  artifact: { sha256: string; size: number; format: 'onnx'; signature: Signature };
  metrics: Array<KeyValue<number>>;
  params: Array<KeyValue<string>>;
  tags: Array<KeyValue<string>>;
  card: string;
  lineage: Lineage;
  /** Copied out of lineage so "which models used this training set" is one indexed query. */
  trainingSetId: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export interface EventDocument {
  modelId: string;
  model: string;
  version?: number;
  kind: EventKind;
  alias?: string;
  from?: string | null;
  to?: string | null;
  comment?: string;
  at: string;
  by: string;
  /** Orders events written in the same millisecond (see events.ts). */
  seq: number;
}

export function versionId(modelId: string, version: number): string {
  return `${modelId}:v${version}`;
}

export function toPairs<V>(record: Record<string, V> | undefined): Array<KeyValue<V>> {
  return Object.entries(record ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key, value }));
}

export function fromPairs<V>(pairs: Array<KeyValue<V>>): Record<string, V> {
  return Object.fromEntries(pairs.map(({ key, value }) => [key, value]));
}
