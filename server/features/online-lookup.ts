/**
 * The batch lookup: many entities × many features in one request, answered in request order, with
 * nulls where an entity has no values. Two round trips to the store whatever the size: the groups
 * named (their current schema), then every online document at once.
 */
import { BadRequestError, ConflictError, NotFoundError } from '../platform/errors';
import type { GroupCatalog } from './catalog/groups';
import { versionId, type ColumnSpec } from './documents';
import type { OnlineSchema, OnlineStore } from './online-store';
import { parseFeatureReference, type FeatureReference } from './references';
import type { OnlineLookupRequest, OnlineLookupResult } from './schemas';

export async function lookupOnline(groups: GroupCatalog, online: OnlineStore, request: OnlineLookupRequest): Promise<OnlineLookupResult> {
  const refs = request.features.map((text, i) => ({ ...parseFeatureReference(text, `features[${i}]`), index: i }));
  const schemas = await resolveSchemas(groups, refs);
  const order = [...schemas.values()];
  const docs = await online.lookup(order, request.entities);
  const position = new Map(order.map((schema, i) => [versionId(schema.group, schema.version), i]));
  const columns = refs.map((ref) => {
    const schema = schemas.get(selectorKey(ref))!;
    const index = schema.features.findIndex((f) => f.name === ref.feature);
    return { ref, slot: position.get(versionId(schema.group, schema.version))!, schema, index, column: schema.features[index] };
  });
  return {
    features: columns.map(({ ref, schema, column }) => ({ reference: ref.text, group: schema.group, version: schema.version, name: column.name, type: column.type })),
    values: docs.map((row) => columns.map(({ slot, index }) => row[slot]?.values[index] ?? null)),
    eventTimes: docs.map((row) => Object.fromEntries(order.map((schema, i) => [versionId(schema.group, schema.version), row[i]?.eventTime ?? null])))
  };
}

function selectorKey(ref: FeatureReference): string {
  return ref.version === undefined ? ref.group : `${ref.group}@v${ref.version}`;
}

async function resolveSchemas(groups: GroupCatalog, refs: Array<FeatureReference & { index: number }>): Promise<Map<string, OnlineSchema>> {
  const docs = await groups.findMany(refs.map((r) => r.group));
  const schemas = new Map<string, OnlineSchema>();
  for (const ref of refs) {
    const key = selectorKey(ref);
    let schema = schemas.get(key);
    if (!schema) {
      const group = docs.get(ref.group);
      if (!group) throw new NotFoundError(`features[${ref.index}]: no feature group named ${ref.group}`, { field: `features[${ref.index}]` });
      if (!group.online) {
        throw new ConflictError(`features[${ref.index}]: feature group ${ref.group} is not kept online (its definition says "online": false)`, 'not_online', {
          field: `features[${ref.index}]`
        });
      }
      const pinned = ref.version !== undefined && ref.version !== group.version ? await groups.requireVersion(ref.group, ref.version) : undefined;
      const source: { version: number; joinKeys: ColumnSpec[]; eventTime: string; features: ColumnSpec[] } = pinned ?? group;
      schema = { group: group.name, version: source.version, joinKeys: source.joinKeys, eventTime: source.eventTime, features: source.features };
      schemas.set(key, schema);
    }
    if (!schema.features.some((f) => f.name === ref.feature)) {
      throw new BadRequestError(`features[${ref.index}]: feature group ${ref.group} (version ${schema.version}) has no feature ${ref.feature}`, {
        field: `features[${ref.index}]`
      });
    }
  }
  return schemas;
}
