// Seeds the demo feature catalog through the SDK: the raw flights (a streamed file upload), the
// windowed groups (SQL transformations over them), then the online store. Safe to run again: it
// completes what is missing and says when everything is there.
import { DEMO_ENTITIES, FLIGHTS_GROUP, WINDOWED_GROUPS } from './catalog.mjs';
import { flightsFile } from './flights.mjs';

const LONG_CALL_MS = 30 * 60 * 1000;

/**
 * @param features the SDK's NodeFeaturesApi (featuresOf(client), or the module-level `features`)
 * @param options.rows only the first N flights (all 3 million when unset)
 * @param options.force recompute the windowed groups and the online store even when the demo is there
 * @param options.log where progress lines go
 * @returns {{ alreadySeeded: boolean, groups: Array<{ name: string, rows: number, maxEventTime: string | null }> }}
 */
export async function seedDemo(features, { rows, force = false, log = (line) => console.log(`mlportal seed: ${line}`) } = {}) {
  const groups = await currentGroups(features);
  const complete = [FLIGHTS_GROUP, ...WINDOWED_GROUPS.map((g) => g.definition)].every((g) => groups.get(g.name)?.freshness.rows > 0);
  if (complete && !force) {
    log(`the demo catalog is already there: ${describe(groups)}. (--force recomputes the windowed groups and the online store.)`);
    return { alreadySeeded: true, groups: summary(groups) };
  }

  await prepareCatalog(features, groups, log);
  await ingestFlights(features, groups.get(FLIGHTS_GROUP.name), rows, log);
  for (const windowed of WINDOWED_GROUPS) {
    await ingestWindowed(features, windowed, groups.get(windowed.definition.name), force, log);
  }
  await materializeGroups(features, [...groups.keys()], log);
  const seeded = await currentGroups(features);
  log(`done: ${describe(seeded)}`);
  return { alreadySeeded: false, groups: summary(seeded) };
}

/** The demo's groups that exist, by name. */
export async function currentGroups(features) {
  const names = new Set([FLIGHTS_GROUP.name, ...WINDOWED_GROUPS.map((g) => g.definition.name)]);
  return new Map((await features.groups()).filter((g) => names.has(g.name)).map((g) => [g.name, g]));
}

/** Creates the demo's entities and groups that are missing (into `groups`); refuses same-named ones of another schema. */
export async function prepareCatalog(features, groups, log) {
  await ensureEntities(features, log);
  for (const definition of [FLIGHTS_GROUP, ...WINDOWED_GROUPS.map((g) => g.definition)]) {
    if (!groups.has(definition.name)) {
      groups.set(definition.name, await features.createGroup(definition));
      log(`created the feature group ${definition.name}`);
    } else {
      requireSameSchema(groups.get(definition.name), definition);
    }
  }
}

/** Rebuilds the online values of each group from its offline rows. */
export async function materializeGroups(features, names, log) {
  for (const name of names) {
    const result = await features.materialize(name, { timeoutMs: LONG_CALL_MS });
    log(`online store of ${name}: ${result.entities} entities, ${result.updated} updated`);
  }
}

async function ensureEntities(features, log) {
  const existing = new Map((await features.entities()).map((e) => [e.name, e]));
  for (const entity of DEMO_ENTITIES) {
    const found = existing.get(entity.name);
    if (!found) {
      await features.createEntity(entity);
      log(`created the entity ${entity.name}`);
    } else if (columns(found.joinKeys) !== columns(entity.joinKeys)) {
      throw new Error(
        `an entity named ${entity.name} exists with other join keys (${columns(found.joinKeys)}; the demo needs ${columns(entity.joinKeys)}): seed into an empty data dir`
      );
    }
  }
}

function requireSameSchema(group, definition) {
  const want = `${definition.entity} ${definition.eventTime} ${columns(definition.features)}`;
  const have = `${group.entity} ${group.eventTime} ${columns(group.features)}`;
  if (want !== have) {
    throw new Error(
      `a feature group named ${definition.name} exists with another schema (${have}; the demo needs ${want}): seed into an empty data dir`
    );
  }
}

/** Streams the first `rows` flights (all when undefined) into an empty flights group. */
export async function ingestFlights(features, group, rows, log) {
  if (group.freshness.rows > 0) {
    const note =
      rows !== undefined && rows !== group.freshness.rows
        ? ` (not the ${rows} asked for: stored rows are never rewritten; seed into an empty data dir for another size)`
        : '';
    log(`flights already holds ${group.freshness.rows} rows${note}`);
    return;
  }
  const file = await flightsFile(rows);
  try {
    log(`ingesting ${rows === undefined ? 'all 3,000,000' : `the first ${rows}`} flights from ${file.path} (streamed)`);
    const started = Date.now();
    const ingestion = await features.ingestFile(FLIGHTS_GROUP.name, file.path, { format: 'parquet', timeoutMs: LONG_CALL_MS });
    log(`flights: ${ingestion.rows} rows in ${seconds(started)}`);
    return ingestion;
  } finally {
    file.remove();
  }
}

/**
 * A group already holding rows (a --force run) gets only the (key, day) rows it lacks: stored rows
 * are never rewritten, and a second copy of a day would count twice in the statistics.
 */
export async function ingestWindowed(features, { definition, keys, sql }, group, force, log) {
  const name = definition.name;
  if (group.freshness.rows > 0 && !force) {
    log(`${name} already holds ${group.freshness.rows} rows`);
    return;
  }
  const fill = group.freshness.rows > 0;
  const request = fill
    ? { sql: `SELECT fresh.* FROM (${sql}) fresh ANTI JOIN ${name} stored USING (${keys.join(', ')}, "date")`, sources: ['flights', name] }
    : { sql, sources: ['flights'] };
  const started = Date.now();
  let ingestion;
  try {
    ingestion = await features.ingest(name, request, { timeoutMs: LONG_CALL_MS });
  } catch (err) {
    // The backend refuses an empty ingestion; for a fill that means nothing was missing.
    if (!(fill && err.code === 'no_rows')) throw err;
    ingestion = { rows: 0 };
  }
  log(`${name}: ${ingestion.rows} ${fill ? 'missing ' : ''}rows computed from flights in ${seconds(started)}`);
  return ingestion;
}

function columns(list) {
  return list.map((c) => `${c.name}:${c.type}`).join(', ');
}

function summary(groups) {
  return [...groups.values()].map((g) => ({ name: g.name, rows: g.freshness.rows, maxEventTime: g.freshness.maxEventTime }));
}

function describe(groups) {
  return summary(groups)
    .map((g) => `${g.name} (${g.rows} rows, up to ${g.maxEventTime ?? 'nothing'})`)
    .join(', ');
}

function seconds(started) {
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}
