/**
 * Point-in-time training sets: entity rows (inline or an uploaded file) with a timestamp column,
 * joined by the engine with the latest feature values at or before each row's timestamp. The
 * result is kept in the artifact store by content hash and recorded with the exact group versions
 * it read, so a model trained on it can point back to its features.
 */
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { requireMayRead, type Reader } from '../auth/rows';
import { AppError, BadRequestError, NotFoundError, PayloadTooLargeError, StaleRevisionError } from '../platform/errors';
import type { ArtifactStore } from '../platform/artifacts/port';
import type { Logger } from '../platform/logging';
import type { Collection, DocumentStore, Stored } from '../platform/store/port';
import type { Actor } from './catalog/entities';
import type { GroupCatalog } from './catalog/groups';
import {
  COLLECTIONS,
  type ArtifactRef,
  type EntityFileDocument,
  type TrainingSetDocument,
  type TrainingSetFeatureDocument,
  type UsageDocument,
  type VersionDocument
} from './documents';
import { exportFile, pointInTimeJoin, type Engine, type PointInTimeResult } from './engine';
import { UnprocessableError } from './errors';
import type { IngestionService } from './ingestion';
import { parseJsonRows } from './json-rows';
import { FeatureLayout, isId, newId, removeFile } from './layout';
import { canonicalTime } from './online-keys';
import { parseFeatureReference } from './references';
import type { ColumnarData, CreateTrainingSetRequest, EntityFile, InputFormat, TrainingSet } from '@mlportal/contract';
import { receiveUpload } from '../api/upload';

/** What a training set's data is, for the rows rule (auth/rows.ts). */
const ROWS = { rows: true };

/** The SDK's columnar form holds the whole set in one JSON answer: beyond this many cells, download the file. */
export const MAX_COLUMNAR_CELLS = 2_000_000;

export type DownloadFormat = 'parquet' | 'csv' | 'json';

export const DOWNLOAD_CONTENT_TYPES: Record<DownloadFormat, string> = {
  parquet: 'application/vnd.apache.parquet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json'
};

export interface Download {
  stream: Readable;
  bytes: number;
  contentType: string;
  fileName: string;
}

export interface TrainingSetDependencies {
  store: DocumentStore;
  engine: Engine;
  artifacts: ArtifactStore;
  layout: FeatureLayout;
  groups: GroupCatalog;
  ingestion: IngestionService;
  logger: Logger;
  now: () => Date;
  /** Default MAX_COLUMNAR_CELLS. */
  maxColumnarCells?: number;
}

export interface ResolvedGroup {
  version: VersionDocument;
  /** index: the feature's place in the request's list. */
  features: Array<{ name: string; as: string; index: number }>;
}

/** What a join reads: a training-set request less what only the stored record keeps. */
export type JoinRequest = Pick<
  CreateTrainingSetRequest,
  'features' | 'entities' | 'timestampColumn' | 'maxAgeSeconds' | 'fullFeatureNames'
>;

export interface JoinedFile {
  resolved: ResolvedGroup[];
  entities: {
    input: { rows: Record<string, unknown>[] } | { file: string; format: InputFormat };
    source: TrainingSetDocument['entitySource'];
  };
  joined: PointInTimeResult;
}

export class TrainingSetService {
  readonly sets: Collection<TrainingSetDocument>;
  readonly usage: Collection<UsageDocument>;
  private readonly entityFiles: Collection<EntityFileDocument>;

  constructor(private readonly deps: TrainingSetDependencies) {
    this.sets = deps.store.collection<TrainingSetDocument>(COLLECTIONS.trainingSets);
    this.usage = deps.store.collection<UsageDocument>(COLLECTIONS.usage);
    this.entityFiles = deps.store.collection<EntityFileDocument>(COLLECTIONS.entityFiles);
  }

  async prepare(): Promise<void> {
    await this.sets.ensureIndex({ fields: ['createdAt'] });
    await this.usage.ensureIndex({ fields: ['group', 'feature'] });
    await this.usage.ensureIndex({ fields: ['trainingSetId'] });
  }

  async uploadEntityFile(stream: Readable, format: InputFormat, maxBytes: number, actor: Actor): Promise<EntityFile> {
    const id = newId('ef');
    const incoming = this.deps.layout.upload();
    const bytes = await receiveUpload(stream, incoming, maxBytes);
    const final = this.deps.layout.entityFile(id, format);
    try {
      await fs.rename(incoming, final);
      const stored = await this.entityFiles.insert({
        _id: id,
        format,
        bytes,
        createdAt: this.deps.now().toISOString(),
        createdBy: actor.tokenId
      });
      return toEntityFile(stored);
    } catch (err) {
      await removeFile(incoming);
      await removeFile(final);
      throw err;
    }
  }

  async create(request: CreateTrainingSetRequest, actor: Actor): Promise<TrainingSet> {
    const output = this.deps.layout.scratch('parquet');
    let artifact: ArtifactRef;
    let built: JoinedFile;
    try {
      built = await this.joinInto(request, output);
      const info = await this.deps.artifacts.put(createReadStream(output));
      artifact = { sha256: info.sha256, bytes: info.size };
    } finally {
      await removeFile(output);
    }
    const { resolved, entities, joined } = built;

    const id = newId('ts');
    const at = this.deps.now().toISOString();
    const features: TrainingSetFeatureDocument[] = resolved.flatMap((group) =>
      group.features.map((f) => {
        const type = group.version.features.find((c) => c.name === f.name)!.type;
        return {
          reference: `${group.version.group}@v${group.version.version}:${f.name}`,
          group: group.version.group,
          version: group.version.version,
          feature: f.name,
          column: f.as,
          type
        };
      })
    );
    // Usage first: a stop before the record leaves usage rows that name no training set, which reads skip.
    for (const feature of features) {
      await this.usage.insert({
        _id: `${id}|${feature.group}|${feature.feature}`,
        trainingSetId: id,
        group: feature.group,
        version: feature.version,
        feature: feature.feature,
        createdAt: at
      });
    }
    const stored = await this.sets.insert({
      _id: id,
      ...(request.name !== undefined ? { name: request.name } : {}),
      ...(request.description !== undefined ? { description: request.description } : {}),
      features,
      entitySource: entities.source,
      timestampColumn: request.timestampColumn,
      ...(request.maxAgeSeconds !== undefined ? { maxAgeSeconds: request.maxAgeSeconds } : {}),
      columns: joined.columns,
      rowCount: joined.rows,
      timeRange: { min: canonicalTime(joined.minTimestamp), max: canonicalTime(joined.maxTimestamp) },
      artifact,
      createdAt: at,
      createdBy: actor.tokenId
    });
    this.deps.logger.info({ trainingSet: id, rows: joined.rows, features: features.length }, 'training set created');
    return toTrainingSet(stored);
  }

  /**
   * The point-in-time join of `request` written to `output` (Parquet): what a training set stores,
   * and what a point-in-time lookup reads back without storing anything.
   */
  async joinInto(request: JoinRequest, output: string): Promise<JoinedFile> {
    const resolved = await this.resolveFeatures(request);
    const entities = await this.entitySource(request, resolved);
    const groups = [];
    for (const group of resolved) {
      const files = await this.deps.ingestion.committedFiles(group.version.group, group.version.version);
      if (files.length === 0) {
        throw new UnprocessableError(
          `feature group ${group.version.group} version ${group.version.version} has no committed data yet: ingest some before building a training set from it`,
          'no_data',
          { group: group.version.group, version: group.version.version }
        );
      }
      groups.push({
        name: `${group.version.group}__v${group.version.version}`,
        files,
        keys: group.version.joinKeys.map((k) => k.name),
        eventTime: group.version.eventTime,
        features: group.features,
        ...(request.maxAgeSeconds !== undefined ? { maxAgeSeconds: request.maxAgeSeconds } : {})
      });
    }
    try {
      const joined = await pointInTimeJoin(this.deps.engine, {
        entities: entities.input,
        timestampColumn: request.timestampColumn,
        groups,
        output
      });
      return { resolved, entities, joined };
    } catch (err) {
      throw this.joinError(err);
    }
  }

  async list(): Promise<TrainingSet[]> {
    return (await this.sets.find({}, { sort: { createdAt: -1 } })).map(toTrainingSet);
  }

  async get(id: string): Promise<TrainingSet> {
    return toTrainingSet(await this.require(id));
  }

  /** Training sets by id (one round trip); unknown ids are left out. */
  async findMany(ids: string[]): Promise<Array<Stored<TrainingSetDocument>>> {
    return ids.length === 0 ? [] : this.sets.find({ _id: { $in: [...new Set(ids)] } }, { sort: { createdAt: -1 } });
  }

  /** The rows as a file, for `reader` (a training set holds rows: auth/rows.ts). */
  async download(id: string, format: DownloadFormat, reader: Reader): Promise<Download> {
    const stored = await this.require(id);
    requireMayRead(reader, ROWS, `training set ${id}`);
    const ref = format === 'parquet' ? stored.artifact : await this.rendering(stored, format);
    return {
      stream: await this.deps.artifacts.open(ref.sha256),
      bytes: ref.bytes,
      contentType: DOWNLOAD_CONTENT_TYPES[format],
      fileName: `${id}.${format}`
    };
  }

  async columnar(id: string, reader: Reader): Promise<ColumnarData> {
    const stored = await this.require(id);
    requireMayRead(reader, ROWS, `training set ${id}`);
    const cells = stored.rowCount * stored.columns.length;
    const maxCells = this.deps.maxColumnarCells ?? MAX_COLUMNAR_CELLS;
    if (cells > maxCells) {
      const download = `/api/v1/features/training-sets/${id}/data?format=parquet`;
      throw new PayloadTooLargeError(
        `training set ${id} has ${stored.rowCount} rows × ${stored.columns.length} columns, more than the ${maxCells} cells one JSON answer carries; download it as a file: GET ${download}`,
        { rows: stored.rowCount, columns: stored.columns.length, maxCells, download },
        'training_set_too_large'
      );
    }
    const ref = await this.rendering(stored, 'json');
    const chunks: Buffer[] = [];
    for await (const chunk of await this.deps.artifacts.open(ref.sha256)) chunks.push(chunk as Buffer);
    const rows = parseJsonRows(Buffer.concat(chunks).toString('utf8'));
    const data: Record<string, Array<string | number | boolean | null>> = {};
    for (const column of stored.columns) {
      data[column.name] = rows.map((row) => {
        const value = row[column.name];
        if (value === undefined || value === null) return null;
        if (column.type === 'timestamp') return canonicalTime(value);
        return value as string | number | boolean;
      });
    }
    return { id, rowCount: stored.rowCount, columns: stored.columns, data };
  }

  private async require(id: string): Promise<Stored<TrainingSetDocument>> {
    const stored = isId(id, 'ts') ? await this.sets.get(id) : null;
    if (!stored) throw new NotFoundError(`no training set with id ${id}`, { trainingSet: id });
    return stored;
  }

  /** The CSV or JSON rendering of a training set, made from its Parquet once and kept in the artifact store. */
  private async rendering(stored: Stored<TrainingSetDocument>, format: 'csv' | 'json'): Promise<ArtifactRef> {
    const kept = stored.exports?.[format];
    if (kept && (await this.deps.artifacts.has(kept.sha256))) return kept;
    const parquet = this.deps.layout.scratch('parquet');
    const rendered = this.deps.layout.scratch(format);
    let ref: ArtifactRef;
    try {
      await pipeline(await this.deps.artifacts.open(stored.artifact.sha256), createWriteStream(parquet, { mode: 0o600 }));
      await exportFile(this.deps.engine, { file: parquet, format, output: rendered });
      const info = await this.deps.artifacts.put(createReadStream(rendered));
      ref = { sha256: info.sha256, bytes: info.size };
    } finally {
      await removeFile(parquet);
      await removeFile(rendered);
    }
    try {
      const current = (await this.sets.get(stored._id))!;
      await this.sets.update(stored._id, current._rev, { exports: { ...current.exports, [format]: ref } });
    } catch (err) {
      // Somebody rendered it at the same time: theirs is the same content, and this one is still good to answer with.
      if (!(err instanceof StaleRevisionError)) throw err;
    }
    return ref;
  }

  private async resolveFeatures(request: JoinRequest): Promise<ResolvedGroup[]> {
    const refs = request.features.map((text, i) => ({ ...parseFeatureReference(text, `features[${i}]`), index: i }));
    const byVersion = new Map<string, ResolvedGroup>();
    const columns = new Map<string, string>();
    for (const ref of refs) {
      const version = await this.deps.groups.requireVersion(ref.group, ref.version);
      const key = `${version.group}@v${version.version}`;
      if (!version.features.some((f) => f.name === ref.feature)) {
        throw new BadRequestError(
          `features[${ref.index}]: feature group ${version.group} (version ${version.version}) has no feature ${ref.feature}`,
          {
            field: `features[${ref.index}]`
          }
        );
      }
      const column = request.fullFeatureNames ? `${version.group}__${ref.feature}` : ref.feature;
      const clash = columns.get(column);
      if (clash) {
        throw new BadRequestError(
          `features[${ref.index}]: ${ref.text} and ${clash} would both be the column ${column}; set "fullFeatureNames": true to name columns group__feature`,
          { field: `features[${ref.index}]` }
        );
      }
      columns.set(column, ref.text);
      const group = byVersion.get(key) ?? { version, features: [] };
      if (group.features.some((f) => f.name === ref.feature)) {
        throw new BadRequestError(`features[${ref.index}]: ${ref.text} names a feature already listed`, {
          field: `features[${ref.index}]`
        });
      }
      group.features.push({ name: ref.feature, as: column, index: ref.index });
      byVersion.set(key, group);
    }
    return [...byVersion.values()];
  }

  private async entitySource(request: JoinRequest, groups: ResolvedGroup[]): Promise<JoinedFile['entities']> {
    const needed = [request.timestampColumn, ...new Set(groups.flatMap((g) => g.version.joinKeys.map((k) => k.name)))];
    const outputs = new Set(groups.flatMap((g) => g.features.map((f) => f.as)));
    if ('rows' in request.entities) {
      const rows = request.entities.rows;
      rows.forEach((row, i) => {
        for (const column of needed) {
          if (row[column] === undefined)
            throw new BadRequestError(`entities.rows[${i}]: the column ${column} is missing`, { field: `entities.rows[${i}].${column}` });
        }
        for (const column of Object.keys(row)) {
          if (outputs.has(column)) {
            throw new BadRequestError(
              `entities.rows[${i}]: the entity column ${column} is also the name of a requested feature; rename it or set fullFeatureNames`,
              {
                field: `entities.rows[${i}].${column}`
              }
            );
          }
        }
      });
      return { input: { rows }, source: { kind: 'rows' } };
    }
    const fileId = request.entities.file;
    const stored = isId(fileId, 'ef') ? await this.entityFiles.get(fileId) : null;
    if (!stored) throw new NotFoundError(`entities.file: no uploaded entity file with id ${fileId}`, { field: 'entities.file' });
    return {
      input: { file: this.deps.layout.entityFile(fileId, stored.format), format: stored.format },
      source: { kind: 'file', file: fileId }
    };
  }

  private joinError(err: unknown): unknown {
    if (err instanceof AppError || !(err instanceof Error)) return err;
    return new UnprocessableError(
      `the point-in-time join failed: ${err.message.split(this.deps.layout.root).join('<features>')}`,
      'join_failed'
    );
  }
}

function toEntityFile(stored: Stored<EntityFileDocument>): EntityFile {
  return { id: stored._id, format: stored.format, bytes: stored.bytes, createdAt: stored.createdAt, createdBy: stored.createdBy };
}

export function toTrainingSet(stored: Stored<TrainingSetDocument>): TrainingSet {
  return {
    id: stored._id,
    ...(stored.name !== undefined ? { name: stored.name } : {}),
    ...(stored.description !== undefined ? { description: stored.description } : {}),
    features: stored.features,
    entitySource: stored.entitySource,
    timestampColumn: stored.timestampColumn,
    ...(stored.maxAgeSeconds !== undefined ? { maxAgeSeconds: stored.maxAgeSeconds } : {}),
    columns: stored.columns,
    rowCount: stored.rowCount,
    timeRange: stored.timeRange,
    artifact: stored.artifact,
    createdAt: stored.createdAt,
    createdBy: stored.createdBy
  };
}
