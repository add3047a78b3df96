/**
 * At start, before serving: removes what interrupted work left behind (staging, upload and scratch
 * files of earlier starts, offline files no committed record names), then finishes the after-commit
 * work (online store, freshness, statistics) of committed ingestions that a stop cut short.
 * Only for the backend that holds the data-dir lock (platform/data-dir): nobody else writes there.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../platform/logging';
import type { IngestionService } from './ingestion';
import type { FeatureLayout } from './layout';
import { removeOtherStarts } from '../platform/data-dir/temp-files';

export interface RecoveryReport {
  removedTempFiles: number;
  removedOrphans: number;
  caughtUpVersions: number;
}

export async function recoverFeatureStore(layout: FeatureLayout, ingestion: IngestionService, logger: Logger): Promise<RecoveryReport> {
  const report: RecoveryReport = { removedTempFiles: 0, removedOrphans: 0, caughtUpVersions: 0 };
  for (const dir of [layout.stagingDir, layout.uploadsDir, layout.scratchDir])
    report.removedTempFiles += await removeOtherStarts(dir, layout.startId);
  report.removedOrphans = await removeUncommittedFiles(layout, ingestion);

  const behind = new Map<string, { group: string; version: number }>();
  for (const record of await ingestion.records.find({ online: 'pending' })) behind.set(`${record.group}@${record.version}`, record);
  for (const version of await ingestion.summaries.lagging()) behind.set(`${version.group}@${version.version}`, version);
  for (const { group, version } of behind.values()) {
    await ingestion.catchUp(group, version);
    report.caughtUpVersions++;
  }
  if (report.removedTempFiles + report.removedOrphans + report.caughtUpVersions > 0)
    logger.info({ ...report }, 'feature store recovered after an interrupted run');
  return report;
}

async function removeUncommittedFiles(layout: FeatureLayout, ingestion: IngestionService): Promise<number> {
  const files = await listFiles(layout.offlineDir);
  const relative = files.map((file) => path.relative(layout.offlineDir, file));
  const committed = new Set<string>();
  const ids = relative.map((file) => path.basename(file, '.parquet'));
  for (let start = 0; start < ids.length; start += 500) {
    for (const record of await ingestion.records.find({ _id: { $in: ids.slice(start, start + 500) } })) committed.add(record.file);
  }
  let removed = 0;
  for (const [i, file] of relative.entries()) {
    if (committed.has(file)) continue;
    await fs.rm(files[i], { force: true });
    removed++;
  }
  return removed;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
