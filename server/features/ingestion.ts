/**
 * Ingestion: a file, JSON rows or a SQL transform becomes one committed Parquet file of a group
 * version. The engine validates every row against the version's schema and writes Parquet to a
 * staging path; only when no row failed is the file fsynced and renamed into the offline store,
 * and only the ingestion record written after that makes it visible (reads list files from
 * committed records, never from the folder). A process killed at any point leaves at most a staging
 * file or an unrecorded file, both removed at the next start (recovery.ts).
 * After the commit, the online store and the version's freshness and statistics are brought up to date.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CoalescedRuns } from '../platform/coalesced-runs';
import { AppError, BadRequestError, ConflictError } from '../platform/errors';
import type { Logger } from '../platform/logging';
import type { Collection, DocumentStore, Filter, Stored } from '../platform/store/port';
import { KeyedLock } from '../platform/store/keyed-lock';
import type { Actor } from './catalog/entities';
import type { GroupCatalog } from './catalog/groups';
import { COLLECTIONS, tableSchema, versionId, type GroupDocument, type IngestionDocument, type VersionDocument } from './documents';
import { runTransform, validateAndWrite, type Engine } from './engine';
import { RowsRejectedError, UnprocessableError } from './errors';
import { FeatureLayout, newId, removeFile, syncDirectory, syncFile } from './layout';
import { canonicalTime } from './online-keys';
import type { OnlineStore } from './online-store';
import { parseGroupSelector } from './references';
import type { Ingestion, IngestTransformRequest, InputFormat } from '@mlportal/contract';
import { VersionSummaries } from './summaries';

export interface IngestionDependencies {
  store: DocumentStore;
  engine: Engine;
  layout: FeatureLayout;
  groups: GroupCatalog;
  online: OnlineStore;
  logger: Logger;
  now: () => Date;
}

interface Source {
  kind: IngestionDocument['source'];
  format?: InputFormat;
  sql?: string;
  sources?: string[];
  /** For messages: "the uploaded file", "the rows". */
  what: string;
}

export class IngestionService {
  readonly records: Collection<IngestionDocument>;
  readonly summaries: VersionSummaries;
  /** After-commit work on one group version runs in turn (within this process). */
  private readonly versionLocks = new KeyedLock();
  private readonly summaryRefreshes = new CoalescedRuns();

  constructor(private readonly deps: IngestionDependencies) {
    this.records = deps.store.collection<IngestionDocument>(COLLECTIONS.ingestions);
    this.summaries = new VersionSummaries(deps.engine, deps.groups, this.records, deps.layout, deps.now);
  }

  async prepare(): Promise<void> {
    await this.records.ensureIndex({ fields: ['group', 'version'] });
    await this.records.ensureIndex({ fields: ['online'] });
  }

  /** Ingests a file already on disk (an upload received by the route). */
  async ingestFile(groupName: string, file: string, format: InputFormat, actor: Actor): Promise<Ingestion> {
    return this.ingest(groupName, { path: file, format }, { kind: 'file', format, what: `the uploaded ${format} file` }, actor);
  }

  /** Ingests rows sent as JSON: written as NDJSON to scratch, then validated like any file. */
  async ingestRows(groupName: string, rows: Record<string, unknown>[], actor: Actor): Promise<Ingestion> {
    const scratch = this.deps.layout.scratch('ndjson');
    try {
      await fs.writeFile(scratch, rows.map((row) => JSON.stringify(row)).join('\n') + '\n', { mode: 0o600 });
      return await this.ingest(groupName, { path: scratch, format: 'ndjson' }, { kind: 'rows', what: 'the rows' }, actor);
    } finally {
      await removeFile(scratch);
    }
  }

  /** Runs SQL over committed rows of the source groups and ingests its result into the group. */
  async ingestTransform(groupName: string, request: IngestTransformRequest, actor: Actor): Promise<Ingestion> {
    await this.deps.groups.require(groupName);
    const tables: Record<string, string[]> = {};
    const sources: string[] = [];
    for (const [i, text] of request.sources.entries()) {
      const selector = parseGroupSelector(text, `sources[${i}]`);
      if (tables[selector.group]) throw new BadRequestError(`sources[${i}]: ${selector.group} is named twice`);
      const version = await this.deps.groups.requireVersion(selector.group, selector.version);
      const files = await this.committedFiles(version.group, version.version);
      if (files.length === 0) {
        throw new UnprocessableError(
          `sources[${i}]: feature group ${version.group} version ${version.version} has no committed data yet`,
          'no_data',
          {
            source: text
          }
        );
      }
      tables[selector.group] = files;
      sources.push(`${version.group}@v${version.version}`);
    }
    const result = this.deps.layout.scratch('parquet');
    try {
      try {
        await runTransform(this.deps.engine, { sql: request.sql, tables, output: result });
      } catch (err) {
        throw this.transformError(err);
      }
      return await this.ingest(
        groupName,
        { path: result, format: 'parquet' },
        { kind: 'transform', sql: request.sql, sources, what: 'the result of the SQL transform' },
        actor
      );
    } finally {
      await removeFile(result);
    }
  }

  async list(groupName: string, version?: number): Promise<Ingestion[]> {
    await this.deps.groups.require(groupName);
    const filter: Filter = version === undefined ? { group: groupName } : { group: groupName, version };
    return (await this.records.find(filter, { sort: { createdAt: 1 } })).map(toIngestion);
  }

  /** Absolute paths of every committed file of a group version, oldest first. */
  async committedFiles(group: string, version: number): Promise<string[]> {
    const records = await this.records.find({ group, version }, { sort: { createdAt: 1 } });
    return records.map((r) => this.deps.layout.offlinePath(r.file));
  }

  /** Rebuilds the online values of the group's current version from all its committed files. */
  async materialize(groupName: string): Promise<{ group: string; version: number; entities: number; updated: number }> {
    const group = await this.deps.groups.require(groupName);
    if (!group.online) {
      throw new ConflictError(`feature group ${groupName} is not kept online; set "online": true in its definition first`, 'not_online');
    }
    const version = await this.deps.groups.ensureVersion(group);
    return this.versionLocks.run(versionId(version.group, version.version), async () => {
      const pending = await this.records.find({ group: version.group, version: version.version, online: 'pending' });
      const files = await this.committedFiles(version.group, version.version);
      const counts = await this.summaries.applyOnline(version, files, this.deps.online);
      for (const record of pending) await this.markOnline(record, 'applied', 0);
      return { group: version.group, version: version.version, ...counts };
    });
  }

  /**
   * The after-commit work of a group version: the online store for every record still pending
   * (this ingestion's, and any a crash left behind), then freshness and statistics. A refresh reads
   * every committed file, so ingestions that arrive together share one (see CoalescedRuns) instead of
   * each paying for a recomputation that grows with the version's history.
   */
  async catchUp(group: string, version: number): Promise<void> {
    const id = versionId(group, version);
    const found = await this.versionLocks.run(id, async () => {
      const versionDoc = await this.deps.groups.versionCollection().get(id);
      if (!versionDoc) return false;
      for (const record of await this.records.find({ group, version, online: 'pending' }, { sort: { createdAt: 1 } })) {
        const { updated } = await this.summaries.applyOnline(versionDoc, [this.deps.layout.offlinePath(record.file)], this.deps.online);
        await this.markOnline(record, 'applied', updated);
      }
      return true;
    });
    if (found) await this.summaryRefreshes.request(id, () => this.summaries.refresh(group, version));
  }

  private async ingest(groupName: string, input: { path: string; format: InputFormat }, source: Source, actor: Actor): Promise<Ingestion> {
    const group = await this.deps.groups.require(groupName);
    const version = await this.deps.groups.ensureVersion(group);
    const record = await this.commit(group, version, input, source, actor);
    try {
      await this.catchUp(version.group, version.version);
    } catch (err) {
      // The rows are committed: saying otherwise would invite a second, duplicate ingestion. What is
      // left undone is redone by the next ingestion of this version or at the next start.
      this.deps.logger.error(
        { err, ingestion: record._id },
        'an ingestion was committed but the online store or statistics could not be updated'
      );
    }
    return toIngestion((await this.records.get(record._id)) ?? record);
  }

  private async commit(
    group: Stored<GroupDocument>,
    version: Stored<VersionDocument>,
    input: { path: string; format: InputFormat },
    source: Source,
    actor: Actor
  ): Promise<Stored<IngestionDocument>> {
    const { layout, engine } = this.deps;
    const id = newId('ing');
    const staging = layout.staging();
    try {
      const result = await validateAndWrite(engine, {
        input: input.path,
        format: input.format,
        schema: tableSchema(version),
        output: staging
      });
      if (result.problemCount > 0) throw new RowsRejectedError(result.problems, result.problemCount, source.what);
      if (result.rows === 0) throw new UnprocessableError(`${source.what} holds no rows; nothing was stored`, 'no_rows');
      await syncFile(staging);
      const relative = layout.ingestionFile(version.group, version.version, id);
      const final = layout.offlinePath(relative);
      await fs.mkdir(path.dirname(final), { recursive: true, mode: 0o700 });
      await fs.rename(staging, final);
      await syncDirectory(path.dirname(final));
      try {
        return await this.records.insert({
          _id: id,
          group: version.group,
          version: version.version,
          source: source.kind,
          ...(source.format ? { format: source.format } : {}),
          ...(source.sql ? { sql: source.sql } : {}),
          ...(source.sources ? { sources: source.sources } : {}),
          file: relative,
          rows: result.rows,
          minEventTime: canonicalTime(result.minEventTime),
          maxEventTime: canonicalTime(result.maxEventTime),
          online: group.online ? 'pending' : 'skipped',
          onlineUpdated: 0,
          createdAt: this.deps.now().toISOString(),
          createdBy: actor.tokenId
        });
      } catch (err) {
        await removeFile(final);
        throw err;
      }
    } catch (err) {
      throw this.engineError(err, source.what);
    } finally {
      await removeFile(staging);
    }
  }

  private async markOnline(record: Stored<IngestionDocument>, online: IngestionDocument['online'], updated: number): Promise<void> {
    const current = await this.records.get(record._id);
    if (current && current.online === 'pending') await this.records.update(current._id, current._rev, { online, onlineUpdated: updated });
  }

  /** Engine failures on user input (an unreadable file, a bad timestamp format) are the caller's to fix: 422, with our paths hidden. */
  private engineError(err: unknown, what: string): unknown {
    if (err instanceof AppError || !(err instanceof Error)) return err;
    if (!/duckdb|parquet|csv|json|conversion|cast|parser|invalid input/i.test(`${err.name} ${err.message}`)) return err;
    return new UnprocessableError(`${what} could not be read: ${this.hidePaths(err.message)}`, 'unreadable_input');
  }

  private transformError(err: unknown): unknown {
    if (err instanceof AppError || !(err instanceof Error)) return err;
    return new UnprocessableError(`the SQL transform failed: ${this.hidePaths(err.message)}`, 'transform_failed');
  }

  private hidePaths(message: string): string {
    return message.split(this.deps.layout.root).join('<features>');
  }
}

function toIngestion(stored: Stored<IngestionDocument>): Ingestion {
  return {
    id: stored._id,
    group: stored.group,
    version: stored.version,
    source: stored.source,
    ...(stored.format ? { format: stored.format } : {}),
    ...(stored.sql ? { sql: stored.sql } : {}),
    ...(stored.sources ? { sources: stored.sources } : {}),
    rows: stored.rows,
    minEventTime: stored.minEventTime,
    maxEventTime: stored.maxEventTime,
    onlineUpdated: stored.onlineUpdated,
    createdAt: stored.createdAt,
    createdBy: stored.createdBy
  };
}
