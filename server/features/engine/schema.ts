/** Checks a TableSchema and lists its columns in physical order: keys, event time, features. */
import { BadRequestError } from '../../platform/errors';
import { checkName, checkUnique } from './names';
import { FEATURE_TYPES } from '@mlportal/contract';
import type { ColumnSpec, TableSchema } from './types';

export type ColumnRole = 'key' | 'event' | 'feature';

export interface SchemaColumn extends ColumnSpec {
  role: ColumnRole;
}

export function schemaColumns(schema: TableSchema): SchemaColumn[] {
  if (!schema || !Array.isArray(schema.keys) || !Array.isArray(schema.features)) {
    throw new BadRequestError('schema: keys and features must be lists of {name, type}');
  }
  if (schema.keys.length === 0) throw new BadRequestError('schema: at least one key column is required');
  const columns: SchemaColumn[] = [
    ...schema.keys.map((c) => column(c, 'key')),
    { name: checkName(schema.eventTime, 'schema: the event-time column'), type: 'timestamp', role: 'event' },
    ...schema.features.map((c) => column(c, 'feature'))
  ];
  checkUnique(
    columns.map((c) => c.name),
    'schema'
  );
  return columns;
}

function column(spec: ColumnSpec, role: ColumnRole): SchemaColumn {
  const name = checkName(spec?.name, `schema: ${role} column`);
  if (!FEATURE_TYPES.includes(spec.type)) {
    throw new BadRequestError(`schema: column "${name}" has type ${JSON.stringify(spec.type)}; use one of ${FEATURE_TYPES.join(', ')}`);
  }
  return { name, type: spec.type, role };
}
