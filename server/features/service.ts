/**
 * The feature store's story, as route handlers call it: define entities and groups, ingest,
 * look up online values, build training sets, discover. Built once per app from the store port,
 * the artifact store and the DuckDB engine; everything it keeps goes through those.
 */
import { promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import type { ArtifactStore } from '../platform/artifacts/port';
import type { Logger } from '../platform/logging';
import type { DocumentStore } from '../platform/store/port';
import { EntityCatalog, type Actor } from './catalog/entities';
import { GroupCatalog } from './catalog/groups';
import { exportFile, runTransform, type Engine } from './engine';
import { Discovery } from './discovery';
import { IngestionService } from './ingestion';
import { parseJsonRows } from './json-rows';
import { FeatureLayout, removeFile } from './layout';
import { canonicalTime } from './online-keys';
import { lookupOnline } from './online-lookup';
import { OnlineSchemas } from './online-schemas';
import { OnlineStore } from './online-store';
import { lookupPointInTime, type PointInTimeAnswer, type PointInTimeRequest } from './point-in-time-lookup';
import { recoverFeatureStore, type RecoveryReport } from './recovery';
import type { InputFormat, OnlineLookupRequest, OnlineLookupResult } from '@mlportal/contract';
import { TrainingSetService } from './training-sets';
import { receiveUpload } from '../api/upload';

export interface FeatureServiceDependencies {
  store: DocumentStore;
  artifacts: ArtifactStore;
  engine: Engine;
  dataDir: string;
  /** This start's id (the data-dir lock's): the feature store's temp files carry it. */
  startId: string;
  logger: Logger;
  /** Largest file upload (ingestion or entity file), in bytes. */
  maxUploadBytes: number;
  /** The most cells the JSON columnar form of a training set carries (tests make it small). */
  maxColumnarCells?: number;
  now?: () => Date;
}

export const DEFAULT_PREVIEW_ROWS = 20;

export class FeatureService {
  readonly layout: FeatureLayout;
  readonly entities: EntityCatalog;
  readonly groups: GroupCatalog;
  readonly online: OnlineStore;
  private readonly onlineSchemas: OnlineSchemas;
  readonly ingestion: IngestionService;
  readonly trainingSets: TrainingSetService;
  readonly discovery: Discovery;

  constructor(private readonly deps: FeatureServiceDependencies) {
    const now = deps.now ?? (() => new Date());
    this.layout = new FeatureLayout(deps.dataDir, deps.startId);
    this.entities = new EntityCatalog(deps.store, now);
    this.groups = new GroupCatalog(deps.store, this.entities, now);
    this.online = new OnlineStore(deps.store);
    this.onlineSchemas = new OnlineSchemas(this.groups);
    this.ingestion = new IngestionService({
      store: deps.store,
      engine: deps.engine,
      layout: this.layout,
      groups: this.groups,
      online: this.online,
      logger: deps.logger,
      now
    });
    this.trainingSets = new TrainingSetService({
      store: deps.store,
      engine: deps.engine,
      artifacts: deps.artifacts,
      layout: this.layout,
      groups: this.groups,
      ingestion: this.ingestion,
      logger: deps.logger,
      now,
      maxColumnarCells: deps.maxColumnarCells
    });
    this.discovery = new Discovery(this.groups, this.trainingSets);
  }

  /** At start, before the first request (composition/lifecycle.ts): folders and indexes. */
  async prepare(): Promise<void> {
    await this.layout.create();
    await this.entities.prepare();
    await this.groups.prepare();
    await this.ingestion.prepare();
    await this.trainingSets.prepare();
  }

  /** At start, after prepare and before serving: see recovery.ts. */
  async recover(): Promise<RecoveryReport> {
    return recoverFeatureStore(this.layout, this.ingestion, this.deps.logger);
  }

  /** Streams an uploaded body to a temp file and ingests it; the temp file never outlives the request. */
  async ingestUpload(group: string, body: Readable, format: InputFormat, actor: Actor) {
    await this.groups.require(group);
    const file = this.layout.upload();
    try {
      await receiveUpload(body, file, this.deps.maxUploadBytes);
      return await this.ingestion.ingestFile(group, file, format, actor);
    } finally {
      await removeFile(file);
    }
  }

  async uploadEntityFile(body: Readable, format: InputFormat, actor: Actor) {
    return this.trainingSets.uploadEntityFile(body, format, this.deps.maxUploadBytes, actor);
  }

  async lookup(request: OnlineLookupRequest): Promise<OnlineLookupResult> {
    return lookupOnline(this.onlineSchemas, this.online, request);
  }

  /** The values each entity row would have had in a training set at its timestamp; nothing is stored. */
  async pointInTime(request: PointInTimeRequest): Promise<PointInTimeAnswer> {
    return lookupPointInTime({ trainingSets: this.trainingSets, engine: this.deps.engine, layout: this.layout }, request);
  }

  /** The latest rows of a group version by event time. */
  async preview(group: string, version: number | 'current', limit = DEFAULT_PREVIEW_ROWS) {
    const doc = await this.groups.requireVersion(group, version);
    const columns = [...doc.joinKeys, { name: doc.eventTime, type: 'timestamp' as const }, ...doc.features];
    const files = await this.ingestion.committedFiles(doc.group, doc.version);
    if (files.length === 0) return { group: doc.group, version: doc.version, columns, rows: [] };
    const latest = this.layout.scratch('parquet');
    const rendered = this.layout.scratch('json');
    try {
      const sql = `SELECT * FROM preview_source ORDER BY "${doc.eventTime}" DESC LIMIT ${Math.trunc(limit)}`;
      await runTransform(this.deps.engine, { sql, tables: { preview_source: files }, output: latest });
      await exportFile(this.deps.engine, { file: latest, format: 'json', output: rendered });
      const raw = parseJsonRows(await fs.readFile(rendered, 'utf8'));
      const rows = raw.map((row) => Object.fromEntries(columns.map((c) => [c.name, normalise(row[c.name], c.type)])));
      return { group: doc.group, version: doc.version, columns, rows };
    } finally {
      await removeFile(latest);
      await removeFile(rendered);
    }
  }
}

function normalise(value: unknown, type: string): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  return type === 'timestamp' ? canonicalTime(value) : (value as string | number | boolean);
}
