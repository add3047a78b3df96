/**
 * The batch lookup: many entities × many features in one request, answered in request order, with
 * nulls where an entity has no values. With the groups' schemas cached (online-schemas.ts), one
 * round trip to the store whatever the size: the values and the check that the schemas are still
 * current go together; when a schema changed meanwhile, it is read again and so are the values.
 */
import { versionId } from './documents';
import type { OnlineStore } from './online-store';
import { selectorKey, type IndexedReference, type OnlineSchemas, type ResolvedSchemas } from './online-schemas';
import { parseFeatureReference } from './references';
import type { OnlineLookupRequest, OnlineLookupResult } from '@mlportal/contract';

type Rows = Awaited<ReturnType<OnlineStore['lookup']>>;

export async function lookupOnline(schemas: OnlineSchemas, online: OnlineStore, request: OnlineLookupRequest): Promise<OnlineLookupResult> {
  const refs: IndexedReference[] = request.features.map((text, i) => ({ ...parseFeatureReference(text, `features[${i}]`), index: i }));
  const cached = await schemas.cached(refs);
  if (cached) {
    // Settled, not raced: an entity refused for a join key of an old schema must be judged again by the current one.
    const [current, rows] = await Promise.allSettled([schemas.isCurrent(cached), online.lookup(cached.order, request.entities)]);
    if (current.status === 'rejected') throw current.reason;
    if (current.value) {
      if (rows.status === 'rejected') throw rows.reason;
      return answer(refs, cached, rows.value);
    }
  }
  const resolved = await schemas.resolve(refs);
  return answer(refs, resolved, await online.lookup(resolved.order, request.entities));
}

/** Built field by field from typed values: the route sends it unchecked outside tests (route.ts, ResponseCheck). */
function answer(refs: IndexedReference[], resolved: ResolvedSchemas, rows: Rows): OnlineLookupResult {
  const versionIds = resolved.order.map((schema) => versionId(schema.group, schema.version));
  const slotOf = new Map(versionIds.map((id, slot) => [id, slot]));
  const columns = refs.map((ref) => {
    const schema = resolved.bySelector.get(selectorKey(ref))!;
    const index = schema.features.findIndex((f) => f.name === ref.feature);
    return { ref, schema, slot: slotOf.get(versionId(schema.group, schema.version))!, index, column: schema.features[index] };
  });
  return {
    features: columns.map(({ ref, schema, column }) => ({
      reference: ref.text,
      group: schema.group,
      version: schema.version,
      name: column.name,
      type: column.type
    })),
    values: rows.map((row) => columns.map(({ slot, index }) => row[slot]?.values[index] ?? null)),
    eventTimes: rows.map((row) => {
      const times: Record<string, string | null> = {};
      versionIds.forEach((id, slot) => (times[id] = row[slot]?.eventTime ?? null));
      return times;
    })
  };
}
