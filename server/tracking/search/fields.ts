/**
 * What a search can name (metrics.<key>, params.<key>, tags.<key>, attributes.<name>) and where
 * each lives in a run document.
 */
import { fieldNameOf } from '../keys';
import { describeToken, syntaxError, type Token } from './tokens';

export const ATTRIBUTES = {
  status: { path: 'status', kind: 'string', alwaysPresent: true },
  run_name: { path: 'name', kind: 'string', alwaysPresent: true },
  run_id: { path: '_id', kind: 'string', alwaysPresent: true },
  start_time: { path: 'startTime', kind: 'time', alwaysPresent: true },
  end_time: { path: 'endTime', kind: 'time', alwaysPresent: false }
} as const;
export type AttributeName = keyof typeof ATTRIBUTES;

export type FieldRef = { entity: 'metric' | 'param' | 'tag'; key: string } | { entity: 'attribute'; name: AttributeName };

/** Names from the filter text are looked up with Object.hasOwn (isAttribute, entityOf): "constructor" is no field. */
const ENTITIES: Record<string, 'metric' | 'param' | 'tag' | 'attribute'> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute'
};

const FIELD_HINT = 'metrics.<key>, params.<key>, tags.<key> or attributes.<status|run_name|run_id|start_time|end_time>';

/** Reads one field reference at tokens[at]; answers it and the index of the next token. */
export function readField(tokens: Token[], at: number, what: string, textLength: number): { field: FieldRef; next: number } {
  const token = tokens[at];
  if (!token || token.kind !== 'identifier') {
    throw syntaxError(what, token?.position ?? textLength, `expected ${FIELD_HINT}, got ${describeToken(token)}`);
  }
  const dot = token.text.indexOf('.');
  if (dot < 0) {
    const name = token.text.toLowerCase();
    if (isAttribute(name)) return { field: { entity: 'attribute', name }, next: at + 1 };
    throw syntaxError(what, token.position, `expected ${FIELD_HINT}, got ${describeToken(token)}`);
  }
  const entityText = token.text.slice(0, dot);
  const entity = entityOf(entityText.toLowerCase());
  if (!entity) throw syntaxError(what, token.position, `unknown entity ${JSON.stringify(entityText)}: use ${FIELD_HINT}`);
  let key = token.text.slice(dot + 1);
  let next = at + 1;
  if (key === '') {
    // metrics.`val loss` or metrics."val loss": the quoted key right after the dot.
    const quoted = tokens[next];
    if (
      !quoted ||
      quoted.position !== token.end ||
      !(quoted.kind === 'quoted-identifier' || (quoted.kind === 'string' && quoted.quote === '"'))
    ) {
      throw syntaxError(
        what,
        token.end,
        `expected a key after "${token.text}" (quote a key with spaces in backquotes: ${entityText}.\`my key\`)`
      );
    }
    key = quoted.text;
    next++;
  }
  if (entity !== 'attribute') {
    if (key.length === 0 || key.length > 250)
      throw syntaxError(what, token.position, `the key after "${entityText}." must be 1 to 250 characters`);
    return { field: { entity, key }, next };
  }
  const name = key.toLowerCase();
  if (!isAttribute(name)) {
    throw syntaxError(
      what,
      token.position,
      `unknown attribute ${JSON.stringify(key)}: use status, run_name, run_id, start_time or end_time`
    );
  }
  return { field: { entity: 'attribute', name }, next };
}

function isAttribute(name: string): name is AttributeName {
  return Object.hasOwn(ATTRIBUTES, name);
}

function entityOf(name: string): (typeof ENTITIES)[string] | undefined {
  return Object.hasOwn(ENTITIES, name) ? ENTITIES[name] : undefined;
}

export interface FieldLocation {
  /** The store path (a dot path into the run document). */
  path: string;
  kind: 'number' | 'string' | 'time';
  /** Every run has it. */
  alwaysPresent: boolean;
}

export function locate(field: FieldRef): FieldLocation {
  switch (field.entity) {
    case 'metric':
      return { path: `metrics.${fieldNameOf(field.key)}.value`, kind: 'number', alwaysPresent: false };
    case 'param':
      return { path: `params.${fieldNameOf(field.key)}.value`, kind: 'string', alwaysPresent: false };
    case 'tag':
      return { path: `tags.${fieldNameOf(field.key)}.value`, kind: 'string', alwaysPresent: false };
    default:
      return { ...ATTRIBUTES[field.name] };
  }
}

export function describeField(field: FieldRef): string {
  return field.entity === 'attribute' ? `attributes.${field.name}` : `${field.entity}s.${field.key}`;
}
