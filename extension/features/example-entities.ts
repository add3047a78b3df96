import type { Column, Group, Preview, ScalarValue } from '@mlportal/sdk/core';

/** A selected group and, when the token may read them, its latest rows. */
export interface IGroupSample {
  group: Pick<Group, 'name' | 'joinKeys' | 'eventTime' | 'freshness'>;
  /** Null when rows are not visible to the token (or were not fetched). */
  preview: Pick<Preview, 'rows'> | null;
}

/** Entity rows for inserted code: the join keys of every selected group plus a point in time. */
export interface IExampleEntities {
  joinKeys: Column[];
  timestampColumn: string;
  rows: Array<Record<string, ScalarValue>>;
  /** True when every key came from stored rows, so the code runs as inserted; false for placeholders. */
  fromData: boolean;
}

const TIMESTAMP_COLUMN_CHOICES = ['ts', 'event_ts', 'as_of'];

/**
 * Picks real entity keys from the group previews so that the inserted cell runs as it is: the
 * distinct keys of the newest rows, each at its own event time (a value at or before the row's
 * timestamp is joined, so every such row finds its feature values). When groups of different
 * entities are selected, the rows come from the group whose join keys cover the most of them
 * (a route's origin is also an airport's). Without rows to read, placeholders the user replaces.
 */
export function exampleEntities(
  samples: IGroupSample[],
  options: { limit: number; reservedColumns?: string[]; now?: Date }
): IExampleEntities {
  const joinKeys = unionOfJoinKeys(samples);
  const timestampColumn = freeColumnName([...joinKeys.map((key) => key.name), ...(options.reservedColumns ?? [])]);
  const source = samples
    .filter((sample) => (sample.preview?.rows.length ?? 0) > 0)
    .map((sample) => ({ sample, covered: joinKeys.filter((key) => sample.group.joinKeys.some((own) => own.name === key.name)).length }))
    .sort((a, b) => b.covered - a.covered)[0];
  const rows: Array<Record<string, ScalarValue>> = [];
  if (source) {
    const seen = new Set<string>();
    for (const stored of source.sample.preview!.rows) {
      const at = stored[source.sample.group.eventTime];
      if (at === null || at === undefined) {
        continue;
      }
      const row: Record<string, ScalarValue> = {};
      for (const key of joinKeys) {
        row[key.name] = key.name in stored ? stored[key.name] : placeholder(key, options.now);
      }
      const identity = JSON.stringify(joinKeys.map((key) => row[key.name]));
      if (seen.has(identity)) {
        continue;
      }
      seen.add(identity);
      row[timestampColumn] = at;
      rows.push(row);
      if (rows.length >= options.limit) {
        break;
      }
    }
  }
  if (rows.length > 0) {
    return { joinKeys, timestampColumn, rows, fromData: source!.covered === joinKeys.length };
  }
  const row: Record<string, ScalarValue> = {};
  for (const key of joinKeys) {
    row[key.name] = placeholder(key, options.now);
  }
  row[timestampColumn] = latestEventTime(samples) ?? (options.now ?? new Date()).toISOString();
  return { joinKeys, timestampColumn, rows: [row], fromData: false };
}

/** The same rows without their timestamps and without repeated keys: what an online lookup takes. */
export function entityKeys(examples: IExampleEntities): Array<Record<string, ScalarValue>> {
  const seen = new Set<string>();
  const keys: Array<Record<string, ScalarValue>> = [];
  for (const row of examples.rows) {
    const key: Record<string, ScalarValue> = {};
    for (const column of examples.joinKeys) {
      key[column.name] = row[column.name];
    }
    const identity = JSON.stringify(examples.joinKeys.map((column) => key[column.name]));
    if (!seen.has(identity)) {
      seen.add(identity);
      keys.push(key);
    }
  }
  return keys;
}

function unionOfJoinKeys(samples: IGroupSample[]): Column[] {
  const keys: Column[] = [];
  for (const { group } of samples) {
    for (const key of group.joinKeys) {
      if (!keys.some((known) => known.name === key.name)) {
        keys.push(key);
      }
    }
  }
  return keys;
}

/** A timestamp column name that collides with no join key or output column. */
function freeColumnName(taken: string[]): string {
  const used = new Set(taken);
  const free = TIMESTAMP_COLUMN_CHOICES.find((name) => !used.has(name));
  if (free) {
    return free;
  }
  let suffix = 2;
  while (used.has(`ts_${suffix}`)) {
    suffix++;
  }
  return `ts_${suffix}`;
}

function placeholder(key: Column, now: Date | undefined): ScalarValue {
  switch (key.type) {
    case 'string':
      return `<${key.name}>`;
    case 'bool':
      return false;
    case 'timestamp':
      return (now ?? new Date()).toISOString();
    default:
      return 0;
  }
}

function latestEventTime(samples: IGroupSample[]): string | null {
  const times = samples.map((sample) => sample.group.freshness.maxEventTime).filter((time): time is string => !!time);
  return times.length > 0 ? times.sort().at(-1)! : null;
}
