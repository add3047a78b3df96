/**
 * What a transform's SELECT may name, checked on its parse tree (json_serialize_sql) before it runs.
 * The sandbox (sandbox.ts) already keeps files, network and settings out of reach, but DuckDB's own
 * catalog can still be read: duckdb_settings() and current_setting('temp_directory') show the
 * server's folders, duckdb_views(), information_schema.views or sqlite_master show each view's
 * Parquet paths. So a transform reads only its named tables, its own CTEs and a few table
 * functions, and calls no function that reads the catalog, the settings or the environment.
 */
import { BadRequestError } from '../../platform/errors';

/** Table functions that produce rows from their arguments; read_parquet stays held to the sandbox's allowed files. */
const TABLE_FUNCTIONS = new Set(['range', 'generate_series', 'unnest', 'read_parquet', 'parquet_scan']);

/** Functions that read settings, variables, the environment or the catalog (pg_get_viewdef prints a view's SQL), or run SQL from a string. */
const CATALOG_FUNCTIONS = new Set([
  'current_setting',
  'getvariable',
  'getenv',
  'which_secret',
  'current_database',
  'current_catalog',
  'current_schema',
  'current_schemas',
  'col_description',
  'obj_description',
  'shobj_description',
  'query',
  'query_table',
  'json_execute_serialized_sql'
]);
const CATALOG_PREFIX = /^(duckdb_|pragma_|pg_)/;

export class ForbiddenTransformSqlError extends BadRequestError {
  constructor(what: string) {
    super(`the transform may use only its named tables and plain SQL functions; ${what} is off limits`, undefined, 'transform_forbidden');
  }
}

export class UnknownTransformTableError extends BadRequestError {
  constructor(name: string, tables: string[]) {
    super(
      `the transform failed: there is no table "${name}"; it reads only its named tables (${tables.join(', ') || 'none'}) and its own WITH queries`,
      undefined,
      'transform_failed'
    );
  }
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;
const text = (value: unknown): string => (typeof value === 'string' ? value.toLowerCase() : '');

/** Throws ForbiddenTransformSqlError or UnknownTransformTableError for the first reference the transform may not make. */
export function checkTransformTree(tree: unknown, tables: string[]): void {
  const nodes = allNodes(tree);
  const known = new Set([...tables.map((t) => t.toLowerCase()), ...cteNames(nodes)]);
  for (const node of nodes) {
    if (node.type === 'TABLE_FUNCTION') {
      const name = isNode(node.function) ? text(node.function.function_name) : '';
      if (!TABLE_FUNCTIONS.has(name)) throw new ForbiddenTransformSqlError(`the table function ${name || '(unnamed)'}()`);
    } else if (node.type === 'BASE_TABLE') {
      const qualified = [node.catalog_name, node.schema_name].some((part) => text(part) !== '');
      const name = text(node.table_name);
      if (qualified)
        throw new ForbiddenTransformSqlError(
          `the catalog table ${[node.catalog_name, node.schema_name, node.table_name].filter((p) => text(p) !== '').join('.')}`
        );
      // FROM 'file.parquet' is a replacement scan: a file named in the SQL, never one of its tables.
      if (!known.has(name) && /[/\\.:]/.test(name))
        throw new ForbiddenTransformSqlError(`reading a file by its name (${String(node.table_name)})`);
      if (!known.has(name)) throw new UnknownTransformTableError(String(node.table_name), tables);
    } else if (node.class === 'FUNCTION') {
      const name = text(node.function_name);
      if (CATALOG_FUNCTIONS.has(name) || CATALOG_PREFIX.test(name)) throw new ForbiddenTransformSqlError(`the function ${name}()`);
    }
  }
}

/** Every object in the tree, iteratively (a deeply nested query must not overflow the stack). */
function allNodes(tree: unknown): Node[] {
  const found: Node[] = [];
  const pending: unknown[] = [tree];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) pending.push(...value);
    else if (isNode(value)) {
      found.push(value);
      pending.push(...Object.values(value));
    }
  }
  return found;
}

/** The names of WITH queries anywhere in the statement (a CTE may be named by any query inside it). */
function cteNames(nodes: Node[]): string[] {
  return nodes.flatMap((node) => {
    const map = isNode(node.cte_map) && Array.isArray(node.cte_map.map) ? node.cte_map.map : [];
    return map.filter(isNode).map((entry) => text(entry.key));
  });
}
