import type { ScalarValue } from '@mlportal/sdk/core';
import { entityKeys, type IExampleEntities } from './example-entities';

/** What "Insert code" writes: a point-in-time training set, or a lookup of the latest (online) values. */
export type CodeVariant = 'training-set' | 'online';

export const CODE_VARIANTS: readonly CodeVariant[] = ['training-set', 'online'];

/** How many result rows the inserted cell shows. */
const SHOWN_ROWS = 10;

export interface ICellCodeOptions {
  /** "group:feature" references, in the order the user selected them. */
  references: string[];
  examples: IExampleEntities;
  /** Why the example keys are placeholders (shown in a comment when examples.fromData is false). */
  placeholderReason?: string;
}

/**
 * tslab code using the SDK's env client (MLPORTAL_URL / MLPORTAL_TOKEN of the kernel), ready to
 * run: its last expression is the first rows, which tslab shows as the cell's output.
 */
export function cellCode(variant: CodeVariant, options: ICellCodeOptions): string {
  return variant === 'online' ? onlineCode(options) : trainingSetCode(options);
}

function trainingSetCode({ references, examples, placeholderReason }: ICellCodeOptions): string {
  const column = examples.timestampColumn;
  return [
    `// mlportal: a point-in-time training set of ${describeFeatures(references)}.`,
    `// Each entity row gets the latest feature values at or before its \`${column}\`, never later ones.`,
    "import { features } from '@mlportal/sdk';",
    '',
    ...placeholderComment(examples, placeholderReason),
    `const entityRows = ${arrayLiteral(examples.rows, '')};`,
    'const trainingSet = await features.trainingSet({',
    '  entities: entityRows,',
    `  timestampColumn: ${stringLiteral(column)},`,
    `  features: ${arrayLiteral(references, '  ')},`,
    "  // maxAge: '7d', // values older than this, relative to each row's timestamp, come back null",
    '});',
    'console.log(`training set ${trainingSet.id}: ${trainingSet.rowCount} rows; columns ${trainingSet.columns.map((c) => c.name).join(", ")}`);',
    `trainingSet.rows().slice(0, ${SHOWN_ROWS})`
  ].join('\n');
}

function onlineCode({ references, examples, placeholderReason }: ICellCodeOptions): string {
  return [
    `// mlportal: the latest (online) values of ${describeFeatures(references)}.`,
    "import { features } from '@mlportal/sdk';",
    '',
    ...placeholderComment(examples, placeholderReason),
    `const entityKeys = ${arrayLiteral(entityKeys(examples), '')};`,
    'const online = await features.online({',
    `  features: ${arrayLiteral(references, '  ')},`,
    '  entities: entityKeys',
    '});',
    `online.rows().slice(0, ${SHOWN_ROWS})`
  ].join('\n');
}

function describeFeatures(references: string[]): string {
  if (references.length === 1) {
    return references[0];
  }
  const rest = references.length - 1;
  return `${references[0]} and ${rest} more feature${rest === 1 ? '' : 's'}`;
}

function placeholderComment(examples: IExampleEntities, reason: string | undefined): string[] {
  if (examples.fromData) {
    return [];
  }
  const keys = examples.joinKeys.map((key) => key.name).join(', ');
  return [`// Replace the example ${keys} values below${reason ? `: ${reason}` : '.'}`];
}

/** One element a line, so a long selection stays readable and diffs well. */
function arrayLiteral(items: Array<ScalarValue | Record<string, ScalarValue>>, indent: string): string {
  if (items.length === 0) {
    return '[]';
  }
  return `[\n${items.map((item) => `${indent}  ${literal(item)},`).join('\n')}\n${indent}]`;
}

function literal(value: ScalarValue | Record<string, ScalarValue>): string {
  if (value === null || typeof value !== 'object') {
    return scalarLiteral(value);
  }
  const fields = Object.entries(value).map(([key, field]) => `${propertyName(key)}: ${scalarLiteral(field)}`);
  return `{ ${fields.join(', ')} }`;
}

function scalarLiteral(value: ScalarValue): string {
  return typeof value === 'string' ? stringLiteral(value) : String(value);
}

/** A single-quoted TypeScript string: JSON's escapes are valid there, plus an escaped quote. */
export function stringLiteral(text: string): string {
  return `'${JSON.stringify(text).slice(1, -1).replace(/'/g, "\\'")}'`;
}

function propertyName(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : stringLiteral(name);
}
