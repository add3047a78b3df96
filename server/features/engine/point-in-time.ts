/**
 * pointInTimeJoin: every entity row gets, per group, the feature values of the latest group row
 * with the same keys whose event time is at or before the row's timestamp (never after), via
 * DuckDB's ASOF LEFT JOIN. No such row, or one older than maxAgeSeconds, gives nulls.
 *
 * Entity rows keep their order and count: ASOF yields at most one match per row, and group rows
 * sharing keys and event time are first reduced to one (the later file, then the later row wins;
 * see group-rows.ts), so the pick is deterministic.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { BadRequestError } from '../../platform/errors';
import { featureTypeOf, isoTimestampSql, SQL_TYPE, toSqlType } from './column-types';
import type { Engine } from './engine';
import { messageOf } from './error-text';
import { entitySource, type EntityInput, type EntitySource } from './entities';
import { describeGroupFiles, groupScan, LATEST_SOURCE_FIRST } from './group-rows';
import { ROW } from './inputs';
import { toSafeNumber } from './json-values';
import { checkName, checkUnique, filePath, filePaths, ident } from './names';
import { execute, Params, queryRows, type DescribedColumn } from './sql';
import type { ColumnSpec, FeatureType } from './types';

export interface PointInTimeGroup {
  name: string;
  files: string[];
  keys: string[];
  eventTime: string;
  features: { name: string; as: string }[];
  maxAgeSeconds?: number;
}

export interface PointInTimeArgs {
  entities: EntityInput;
  timestampColumn: string;
  groups: PointInTimeGroup[];
  output: string;
}

export interface PointInTimeResult {
  rows: number;
  columns: ColumnSpec[];
  minTimestamp: string | null;
  maxTimestamp: string | null;
}

interface ResolvedGroup extends PointInTimeGroup {
  alias: string;
  columns: Map<string, DescribedColumn>;
}

interface OutputColumn extends ColumnSpec {
  sql: string;
}

const EVENT = '__mlp_event_time';

export async function pointInTimeJoin(engine: Engine, args: PointInTimeArgs): Promise<PointInTimeResult> {
  const timestampColumn = checkName(args.timestampColumn, 'timestampColumn');
  const output = filePath(args.output, 'output');
  if (!Array.isArray(args.groups) || args.groups.length === 0) throw new BadRequestError('groups: at least one feature group is required');
  return engine.withConnection(async (connection) => {
    const groups = await Promise.all(args.groups.map((g, i) => resolveGroup(connection, g, i)));
    const entities = await entitySource(connection, args.entities, timestampColumn, keyTypes(groups));
    const entityColumns = entityOutput(entities, timestampColumn);
    const params = new Params();
    const { select, joins, keyCasts, featureColumns } = joinParts(groups, entityColumns, timestampColumn, params);
    checkUnique(
      [...entityColumns, ...featureColumns].map((c) => c.name),
      'the training set columns (entity columns and feature "as" names)'
    );
    const entity = `SELECT ${[ROW, ...entityColumns.map((c) => `${c.sql} AS ${ident(c.name)}`), ...keyCasts].join(', ')} FROM ${entities.relation(params)}`;
    const ctes = [`entity AS (${entity})`, ...groups.map((g) => `${g.alias} AS (${groupRelation(g, params)})`)];
    const sql = `COPY (WITH ${ctes.join(', ')}
      SELECT ${select.join(', ')} FROM entity ${joins.join(' ')}
      ORDER BY entity.${ROW}) TO ${params.add(output)} (FORMAT parquet)`;
    try {
      await execute(connection, sql, params);
    } catch (err) {
      throw entityError(err, timestampColumn);
    }
    const summary = new Params();
    const [row] = await queryRows(
      connection,
      `SELECT count(*) AS n, ${isoTimestampSql(`min(${ident(timestampColumn)})`)} AS lo, ${isoTimestampSql(`max(${ident(timestampColumn)})`)} AS hi FROM read_parquet(${summary.add(output)})`,
      summary
    );
    return {
      rows: toSafeNumber(row.n, 'row count'),
      columns: [...entityColumns, ...featureColumns].map(({ name, type }) => ({ name, type })),
      minTimestamp: row.lo === null ? null : String(row.lo),
      maxTimestamp: row.hi === null ? null : String(row.hi)
    };
  });
}

async function resolveGroup(connection: DuckDBConnection, group: PointInTimeGroup, index: number): Promise<ResolvedGroup> {
  const name = checkName(group?.name, 'group');
  const where = `group "${name}"`;
  const files = filePaths(group.files, `${where} files`);
  if (!Array.isArray(group.keys) || group.keys.length === 0) throw new BadRequestError(`${where}: at least one join key is required`);
  if (!Array.isArray(group.features) || group.features.length === 0)
    throw new BadRequestError(`${where}: at least one feature is required`);
  if (
    group.maxAgeSeconds !== undefined &&
    !(typeof group.maxAgeSeconds === 'number' && Number.isFinite(group.maxAgeSeconds) && group.maxAgeSeconds >= 0)
  ) {
    throw new BadRequestError(`${where}: maxAgeSeconds must be a number of seconds ≥ 0, not ${JSON.stringify(group.maxAgeSeconds)}`);
  }
  const columns = new Map((await describeGroupFiles(connection, files)).map((c) => [c.name, c]));
  const need = (column: string, what: string) => {
    checkName(column, `${where}: ${what}`);
    if (!columns.has(column))
      throw new BadRequestError(`${where}: its files have no column "${column}" (${what})`, { group: name, column });
  };
  group.keys.forEach((k) => need(k, 'join key'));
  need(group.eventTime, 'event time');
  for (const feature of group.features) {
    need(feature?.name, 'feature');
    checkName(feature.as, `${where}: the output name ("as") of feature "${feature.name}"`);
  }
  return { ...group, name, files, alias: `g${index}`, columns };
}

/** Each group key column's feature type, for pinning entity CSV key types (first group wins). */
function keyTypes(groups: ResolvedGroup[]): Record<string, string> {
  const types: Record<string, string> = {};
  for (const group of groups) {
    for (const key of group.keys) {
      const type = featureTypeOf(group.columns.get(key)!.duckType);
      if (type && !(key in types)) types[key] = SQL_TYPE[type];
    }
  }
  return types;
}

function entityOutput(entities: EntitySource, timestampColumn: string): OutputColumn[] {
  if (!entities.columns.some((c) => c.name === timestampColumn)) {
    throw new BadRequestError(
      `entities: there is no timestamp column "${timestampColumn}"; the columns are ${entities.columns.map((c) => c.name).join(', ')}`
    );
  }
  return entities.columns.map(({ name, duckType }) => {
    checkName(name, 'entities: column');
    const column = ident(name);
    if (name === timestampColumn) {
      if (duckType === 'VARCHAR') return { name, type: 'timestamp', sql: `CAST(CAST(${column} AS TIMESTAMPTZ) AS TIMESTAMP)` };
      if (featureTypeOf(duckType) !== 'timestamp')
        throw new BadRequestError(`entities: the timestamp column "${name}" holds ${duckType} values; use timestamps or ISO-8601 strings`);
      return { name, type: 'timestamp', sql: toSqlType(column, duckType, 'timestamp') };
    }
    const type = featureTypeOf(duckType);
    if (!type) throw new BadRequestError(`entities: column "${name}" has type ${duckType}, which a training set cannot hold`);
    return { name, type, sql: toSqlType(column, duckType, type) };
  });
}

function joinParts(groups: ResolvedGroup[], entityColumns: OutputColumn[], timestampColumn: string, params: Params) {
  const entityTypes = new Map(entityColumns.map((c) => [c.name, c.type]));
  const select = entityColumns.map((c) => `entity.${ident(c.name)}`);
  const joins: string[] = [];
  const keyCasts: string[] = [];
  const featureColumns: OutputColumn[] = [];
  const at = `entity.${ident(timestampColumn)}`;
  for (const group of groups) {
    const conditions = group.keys.map((key, k) => {
      const entityType = entityTypes.get(key);
      if (!entityType)
        throw new BadRequestError(`group "${group.name}" joins on "${key}", which the entity rows lack`, {
          group: group.name,
          column: key
        });
      const groupType = groupFeatureType(group, key);
      if (entityType === groupType) return `entity.${ident(key)} = ${group.alias}.${ident(key)}`;
      // Entity keys of another type (123 for "123") are compared in the group's type.
      const cast = `__mlp_${group.alias}_key${k}`;
      keyCasts.push(`TRY_CAST(${ident(key)} AS ${SQL_TYPE[groupType]}) AS ${cast}`);
      return `entity.${cast} = ${group.alias}.${ident(key)}`;
    });
    joins.push(`ASOF LEFT JOIN ${group.alias} ON ${conditions.join(' AND ')} AND ${at} >= ${group.alias}.${EVENT}`);
    const fresh =
      group.maxAgeSeconds === undefined
        ? null
        : `${group.alias}.${EVENT} >= ${at} - to_seconds(CAST(${params.add(group.maxAgeSeconds)} AS DOUBLE))`;
    for (const feature of group.features) {
      const type = groupFeatureType(group, feature.name);
      const value = toSqlType(`${group.alias}.${ident(feature.name)}`, group.columns.get(feature.name)!.duckType, type);
      select.push(`${fresh ? `CASE WHEN ${fresh} THEN ${value} END` : value} AS ${ident(feature.as)}`);
      featureColumns.push({ name: feature.as, type, sql: value });
    }
  }
  return { select, joins, keyCasts, featureColumns };
}

function groupFeatureType(group: ResolvedGroup, column: string): FeatureType {
  const duckType = group.columns.get(column)!.duckType;
  const type = featureTypeOf(duckType);
  if (!type)
    throw new BadRequestError(`group "${group.name}": column "${column}" has type ${duckType}, which the feature store does not hold`);
  return type;
}

/** One row per keys and event time (ties: see group-rows.ts), with the event time under a fixed name. */
function groupRelation(group: ResolvedGroup, params: Params): string {
  const keys = group.keys.map((k) => ident(k));
  const event = ident(group.eventTime);
  const features = [...new Set(group.features.map((f) => f.name))].filter((f) => !group.keys.includes(f)).map((f) => ident(f));
  return `SELECT ${[...keys, `CAST(${event} AS TIMESTAMP) AS ${EVENT}`, ...features].join(', ')}
    FROM ${groupScan(params, group.files)}
    WHERE ${event} IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY ${[...keys, event].join(', ')} ORDER BY ${LATEST_SOURCE_FIRST}) = 1`;
}

function entityError(err: unknown, timestampColumn: string): unknown {
  const message = messageOf(err) ?? '';
  if (/Conversion Error/i.test(message) && /timestamp/i.test(message)) {
    return new BadRequestError(`entities: the timestamp column "${timestampColumn}" holds a value that is not a timestamp: ${message}`);
  }
  return err;
}
