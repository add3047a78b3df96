/**
 * What a new definition of a feature group changes. Breaking changes alter what the stored Parquet
 * files hold (the join keys, the event time, the set of features or a feature's type): they make a
 * new version. Adding a feature is breaking too: the files already stored lack the column, and the
 * store never rewrites them, so the wider schema starts as a new, empty version. Metadata (description,
 * owner, tags, online, a feature's description or tags, the order features are listed in) changes in place.
 */
import type { ColumnSpec, FeatureDocument } from '../documents';

export interface PhysicalSchema {
  entity: string;
  joinKeys: ColumnSpec[];
  eventTime: string;
  features: ColumnSpec[];
}

export interface GroupMetadata {
  description: string;
  owner: string;
  tags: string[];
  online: boolean;
  features: FeatureDocument[];
}

export interface GroupDiff {
  breaking: string[];
  metadata: string[];
}

export function diffGroup(before: PhysicalSchema & GroupMetadata, after: PhysicalSchema & GroupMetadata): GroupDiff {
  return { breaking: diffPhysical(before, after), metadata: diffMetadata(before, after) };
}

export function diffPhysical(before: PhysicalSchema, after: PhysicalSchema): string[] {
  const changes: string[] = [];
  if (before.entity !== after.entity) changes.push(`entity: ${before.entity} → ${after.entity}`);
  const keys = (spec: PhysicalSchema) => spec.joinKeys.map((k) => `${k.name} ${k.type}`).join(', ');
  if (keys(before) !== keys(after)) changes.push(`join keys: ${keys(before)} → ${keys(after)}`);
  if (before.eventTime !== after.eventTime) changes.push(`event time: ${before.eventTime} → ${after.eventTime}`);
  const old = new Map(before.features.map((f) => [f.name, f.type]));
  const now = new Map(after.features.map((f) => [f.name, f.type]));
  for (const [name, type] of old) {
    const next = now.get(name);
    if (next === undefined) changes.push(`feature ${name} removed`);
    else if (next !== type) changes.push(`feature ${name}: ${type} → ${next}`);
  }
  for (const [name, type] of now) if (!old.has(name)) changes.push(`feature ${name} added (${type})`);
  return changes;
}

function diffMetadata(before: GroupMetadata, after: GroupMetadata): string[] {
  const changes: string[] = [];
  if (before.description !== after.description) changes.push('description');
  if (before.owner !== after.owner) changes.push(`owner: ${before.owner} → ${after.owner}`);
  if (!sameList(before.tags, after.tags)) changes.push('tags');
  if (before.online !== after.online) changes.push(`online: ${before.online} → ${after.online}`);
  const old = new Map(before.features.map((f) => [f.name, f]));
  for (const feature of after.features) {
    const previous = old.get(feature.name);
    if (!previous) continue;
    if (previous.description !== feature.description) changes.push(`feature ${feature.name} description`);
    if (!sameList(previous.tags, feature.tags)) changes.push(`feature ${feature.name} tags`);
  }
  const shared = (list: FeatureDocument[]) => list.map((f) => f.name).filter((n) => old.has(n) && after.features.some((a) => a.name === n));
  if (!sameList(shared(before.features), shared(after.features))) changes.push('feature order');
  return changes;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
