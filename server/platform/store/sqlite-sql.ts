/**
 * Turns checked conditions, sort keys and index specs into SQLite SQL over a table
 * (id TEXT PRIMARY KEY, rev INTEGER, doc TEXT JSON). Paths were checked to be identifiers joined
 * by dots (names.ts), so they are safe to write into the SQL; values are always bound parameters.
 * Paths are written literally (not bound) so that a filter's json_extract(...) matches an index
 * expression and SQLite can use the index.
 *
 * How values compare, following MongoDB for the port's operators on scalar fields:
 * - equality and ranges only match values of the same kind: 1 never equals "1" or true, and
 *   { $gt: 5 } matches numbers only, { $gt: "a" } strings only (json_type guards each test,
 *   since json_extract returns true/false as 1/0 and SQLite orders all numbers before all text);
 * - a missing field and a JSON null both equal null; $ne and $exists: false match missing fields;
 * - strings compare by their UTF-8 bytes (SQLite BINARY, MongoDB's simple collation);
 * - sort order is null/missing < numbers < strings < booleans (false < true), as in MongoDB.
 * Differences from MongoDB: a filter on a field holding an array compares the whole array
 * (as JSON text) and never matches one of its elements; objects and arrays sort among strings by
 * their JSON text. The port therefore defines filters and sorts on scalar fields only.
 */
import type { Condition, Page } from './query';
import type { Scalar } from './port';

export interface Sql {
  text: string;
  params: unknown[];
}

interface FieldSql {
  value: string;
  type: string;
}

const NUMBER_TYPES = "('integer','real')";

export function fieldSql(path: string): FieldSql {
  if (path === '_id') return { value: 'id', type: "'text'" };
  if (path === '_rev') return { value: 'rev', type: "'integer'" };
  // _id and _rev are scalars: nothing lies below them.
  if (path.startsWith('_id.') || path.startsWith('_rev.')) return { value: 'NULL', type: 'NULL' };
  const jsonPath = `'$.${path}'`;
  return { value: `json_extract(doc, ${jsonPath})`, type: `json_type(doc, ${jsonPath})` };
}

/** WHERE clause (without the keyword; '1' when empty). A predicate may yield NULL, which WHERE reads as false. */
export function whereSql(conditions: Condition[]): Sql {
  if (conditions.length === 0) return { text: '1', params: [] };
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const c of conditions) {
    const f = fieldSql(c.path);
    switch (c.op) {
      case '$eq':
        parts.push(c.path === '_id' ? idIn([c.value], params) : equals(f, c.value, params));
        break;
      case '$ne':
        // coalesce: NOT NULL would be NULL, and a missing field must match $ne.
        parts.push(`NOT coalesce(${equals(f, c.value, params)}, 0)`);
        break;
      case '$in':
        if (c.path === '_id') parts.push(idIn(c.values, params));
        else parts.push(c.values.length === 0 ? '0' : `(${c.values.map((v) => equals(f, v, params)).join(' OR ')})`);
        break;
      case '$exists':
        parts.push(`${f.type} IS ${c.exists ? 'NOT NULL' : 'NULL'}`);
        break;
      default: {
        const sqlOp = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[c.op];
        params.push(c.value);
        parts.push(`(${f.value} ${sqlOp} ? AND ${f.type} ${typeof c.value === 'number' ? `IN ${NUMBER_TYPES}` : "= 'text'"})`);
      }
    }
  }
  return { text: parts.join(' AND '), params };
}

/**
 * `_id` among `values`: one statement whatever the number of ids (the list is bound as one JSON
 * array), so batch reads of any size share one prepared statement, and SQLite walks the primary
 * key for each id. Ids are strings: other values match nothing, as in MongoDB (left in, 36.5
 * would match "36.5", the column being TEXT).
 */
function idIn(values: unknown[], params: unknown[]): string {
  const ids = values.filter((v) => typeof v === 'string');
  if (ids.length === 0) return '0';
  if (ids.length === 1) {
    params.push(ids[0]);
    return 'id = ?';
  }
  params.push(JSON.stringify(ids));
  return 'id IN (SELECT value FROM json_each(?))';
}

function equals(f: FieldSql, value: unknown, params: unknown[]): string {
  if (value === null) return `${f.value} IS NULL`;
  if (typeof value === 'boolean') return `(${f.value} = ${value ? 1 : 0} AND ${f.type} = '${value}')`;
  params.push(value);
  return `(${f.value} = ? AND ${f.type} ${typeof value === 'number' ? `IN ${NUMBER_TYPES}` : "= 'text'"})`;
}

/**
 * ORDER BY clause (without the keyword), always ending with the id so that pages never overlap.
 * `conditions` are the query's filter: a sort field they hold to numbers or strings in every
 * matching document sorts by its value alone, which an index on the field can deliver in order
 * (the boolean rank below would otherwise make SQLite sort every match before the LIMIT).
 */
export function orderSql(page: Page, conditions: Condition[] = []): string {
  const parts: string[] = [];
  for (const { path, direction } of page.sort) {
    const dir = direction === 1 ? 'ASC' : 'DESC';
    const f = fieldSql(path);
    if (path === '_id' || path === '_rev' || conditions.some((c) => c.path === path && excludesBooleans(c))) {
      parts.push(`${f.value} ${dir}`);
    } else {
      // Booleans come after every other scalar, as in MongoDB; json_extract alone would mix them with 0 and 1.
      parts.push(`(CASE WHEN ${f.type} IN ('true','false') THEN 1 ELSE 0 END) ${dir}`, `${f.value} ${dir}`);
    }
  }
  if (!page.sort.some((s) => s.path === '_id')) parts.push('id ASC');
  return parts.join(', ');
}

/** Whether every document matching `c` holds a number or a string (never a boolean, null or nothing) at its path. */
function excludesBooleans(c: Condition): boolean {
  const numberOrString = (v: Scalar) => typeof v === 'number' || typeof v === 'string';
  switch (c.op) {
    case '$eq':
      return numberOrString(c.value);
    case '$in':
      return c.values.every(numberOrString);
    case '$ne':
    case '$exists':
      return false;
    default:
      // Ranges match values of the operand's kind only.
      return true;
  }
}

export function limitSql(page: Page): Sql {
  if (page.limit === undefined && page.skip === undefined) return { text: '', params: [] };
  return { text: ' LIMIT ? OFFSET ?', params: [page.limit ?? -1, page.skip ?? 0] };
}

/**
 * Index expressions. A plain index covers json_extract(...) so that filters and sorts use it.
 * A unique index keys on (kind, value), so 1 and true are different keys and null is a value that
 * clashes; a missing field makes json_type NULL, and SQLite never counts NULLs as equal, so
 * documents lacking any of the fields are left out (the MongoDB adapter does the same).
 */
export function indexColumnsSql(fields: string[], unique: boolean): string {
  return fields
    .map((path) => {
      const f = fieldSql(path);
      if (!unique || path === '_id' || path === '_rev') return f.value;
      return `${f.type}, ifnull(${f.value}, 0)`;
    })
    .join(', ');
}

/** Double-quoted SQL identifier; callers pass checked names, the escaping is belt and braces. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
