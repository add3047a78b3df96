/**
 * What a group version's committed data looks like: freshness (rows, ingestions, event-time range)
 * and per-feature statistics, recomputed from the committed ingestion records and their files, so a
 * refresh is idempotent and repairs whatever an interrupted one left behind.
 */
import { StaleRevisionError } from '../platform/errors';
import type { Collection, Stored } from '../platform/store/port';
import type { GroupCatalog } from './catalog/groups';
import { tableSchema, versionId, type FreshnessDocument, type IngestionDocument, type VersionDocument } from './documents';
import { computeStats, latestPerEntity, type Engine } from './engine';
import type { FeatureLayout } from './layout';
import type { OnlineStore } from './online-store';
import type { FeatureStats } from '@mlportal/contract';

const UPDATE_ATTEMPTS = 5;

export class VersionSummaries {
  constructor(
    private readonly engine: Engine,
    private readonly groups: GroupCatalog,
    private readonly records: Collection<IngestionDocument>,
    private readonly layout: FeatureLayout,
    private readonly now: () => Date
  ) {}

  async refresh(group: string, version: number): Promise<void> {
    const versions = this.groups.versionCollection();
    const id = versionId(group, version);
    const records = await this.records.find({ group, version }, { sort: { createdAt: 1 } });
    let doc = await versions.get(id);
    if (!doc) return;
    const freshness = summarize(records);
    const files = records.map((r) => this.layout.offlinePath(r.file));
    const stats =
      files.length > 0 ? ((await computeStats(this.engine, { files, schema: tableSchema(doc) })) as Record<string, FeatureStats>) : {};
    const changes = { freshness, stats, statsComputedAt: this.now().toISOString(), summarizedIngestions: records.length };
    for (let attempt = 1; ; attempt++) {
      try {
        await versions.update(id, doc._rev, changes);
        return;
      } catch (err) {
        if (!(err instanceof StaleRevisionError) || attempt >= UPDATE_ATTEMPTS) throw err;
        doc = (await versions.get(id))!;
      }
    }
  }

  /** Writes the latest row per entity found in `files` to the online store. */
  async applyOnline(version: VersionDocument, files: string[], online: OnlineStore): Promise<{ entities: number; updated: number }> {
    let entities = 0;
    let updated = 0;
    if (files.length === 0) return { entities, updated };
    const schema = {
      group: version.group,
      version: version.version,
      joinKeys: version.joinKeys,
      eventTime: version.eventTime,
      features: version.features
    };
    for await (const batch of latestPerEntity(this.engine, { files, schema: tableSchema(version), batchSize: 1000 })) {
      entities += batch.length;
      updated += await online.upsertLatest(schema, batch);
    }
    return { entities, updated };
  }

  /** Versions whose summary covers fewer ingestions than are committed. */
  async lagging(): Promise<Array<Stored<VersionDocument>>> {
    const lagging: Array<Stored<VersionDocument>> = [];
    for (const doc of await this.groups.versionCollection().find({})) {
      if ((await this.records.count({ group: doc.group, version: doc.version })) !== doc.summarizedIngestions) lagging.push(doc);
    }
    return lagging;
  }
}

function summarize(records: IngestionDocument[]): FreshnessDocument {
  let min: string | null = null;
  let max: string | null = null;
  let last: string | null = null;
  let rows = 0;
  for (const r of records) {
    rows += r.rows;
    if (r.minEventTime !== null && (min === null || r.minEventTime < min)) min = r.minEventTime;
    if (r.maxEventTime !== null && (max === null || r.maxEventTime > max)) max = r.maxEventTime;
    if (last === null || r.createdAt > last) last = r.createdAt;
  }
  return { rows, ingestions: records.length, minEventTime: min, maxEventTime: max, lastIngestedAt: last };
}
