/**
 * The feature store's DuckDB engine: pure functions over files (no document store, no HTTP).
 * The domain (server/features/) calls only what this module exports.
 */
export { Engine, openEngine, type EngineOptions } from './engine';
export { validateAndWrite, type ValidateArgs, type ValidationResult } from './validate';
export { runTransform, type TransformArgs, type TransformResult } from './transform';
export { computeStats, type StatsArgs } from './stats';
export { pointInTimeJoin, type PointInTimeArgs, type PointInTimeGroup, type PointInTimeResult } from './point-in-time';
export type { EntityInput } from './entities';
export { latestPerEntity, type LatestArgs } from './latest';
export { exportFile, type ExportArgs, type ExportFormat } from './export';
export { NAME_PATTERN } from './names';
export * from './types';
