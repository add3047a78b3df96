/**
 * The filter strings MLflow's client sends to search experiments, registered models and model versions, e.g.
 * `name = 'flights'`, `name LIKE 'fli%'`, `run_id = '…'`, `tags.team = 'fraud'`: clauses joined by
 * AND, each `<field> <op> <value>` with ops = != LIKE ILIKE. (Run filters are the tracking
 * service's own grammar; this one is much smaller.) Evaluated in memory.
 */
import { BadRequestError } from '../platform/errors';

export type RegistryFilterOp = '=' | '!=' | 'LIKE' | 'ILIKE';

export interface RegistryClause {
  /** name, run_id, version_number, tags.<key>, … as written (keys unquoted). */
  field: string;
  op: RegistryFilterOp;
  value: string;
}

/** What a clause is matched against: field name → value (undefined when the record lacks it). */
export type FilterRecord = (field: string) => string | undefined;

const TOKEN = /\s*(?:(`[^`]*`|"[^"]*"|'[^']*')|(!=|<>|=)|([A-Za-z_]\w*(?:\.(?:\w+|`[^`]*`|"[^"]*"))*)|(-?\d+(?:\.\d+)?)|(\S))/y;

export function parseRegistryFilter(filter: string | undefined, allowedFields: readonly string[]): RegistryClause[] {
  const text = filter?.trim() ?? '';
  if (!text) return [];
  const tokens = tokenize(text);
  const clauses: RegistryClause[] = [];
  let i = 0;
  const fail = (what: string): never => {
    throw new BadRequestError(`filter "${text}": ${what}; write clauses like name = 'x' or name LIKE 'x%', joined by AND`);
  };
  for (;;) {
    const field = tokens[i++];
    if (!field || field.kind !== 'word') fail(`expected a field at "${field?.text ?? 'the end'}"`);
    // MLflow accepts tag.<key> as well as tags.<key> (its client sends the former).
    const name = unquoteKey(field!.text).replace(/^tag\./, 'tags.');
    if (!allowedFields.includes(name) && !(allowedFields.includes('tags.*') && name.startsWith('tags.'))) {
      fail(`unknown field "${name}" (filterable: ${allowedFields.join(', ')})`);
    }
    const opToken = tokens[i++];
    const op = opToken ? toOp(opToken) : undefined;
    if (!op) fail(`expected =, !=, LIKE or ILIKE after ${name}`);
    const value = tokens[i++];
    if (!value || (value.kind !== 'string' && value.kind !== 'number')) fail(`expected a quoted value after ${name} ${op}`);
    clauses.push({ field: name, op: op!, value: value!.kind === 'string' ? value!.text.slice(1, -1) : value!.text });
    if (i === tokens.length) return clauses;
    const and = tokens[i++];
    if (and.kind !== 'word' || and.text.toUpperCase() !== 'AND') fail(`expected AND at "${and.text}" (OR is not supported)`);
  }
}

export function matchesRegistryFilter(clauses: readonly RegistryClause[], record: FilterRecord): boolean {
  return clauses.every((clause) => {
    const actual = record(clause.field);
    switch (clause.op) {
      case '=':
        return actual === clause.value;
      case '!=':
        return actual !== clause.value;
      case 'LIKE':
        return actual !== undefined && likePattern(clause.value, '').test(actual);
      case 'ILIKE':
        return actual !== undefined && likePattern(clause.value, 'i').test(actual);
    }
  });
}

/** The value a clause requires the field to equal exactly, when there is one (lets a search go straight to a model). */
export function exactValueOf(clauses: readonly RegistryClause[], field: string): string | undefined {
  return clauses.find((c) => c.field === field && c.op === '=')?.value;
}

interface Token {
  kind: 'string' | 'op' | 'word' | 'number' | 'other';
  text: string;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) break;
    if (m[0].trim() === '') break;
    const [, quoted, op, word, number, other] = m;
    if (quoted !== undefined) tokens.push({ kind: quoted.startsWith('`') ? 'word' : 'string', text: quoted });
    else if (op !== undefined) tokens.push({ kind: 'op', text: op });
    else if (word !== undefined) tokens.push({ kind: 'word', text: word });
    else if (number !== undefined) tokens.push({ kind: 'number', text: number });
    else if (other !== undefined) {
      throw new BadRequestError(`filter "${text}": unexpected "${other}" at position ${start + m[0].indexOf(other)}`);
    }
  }
  return tokens;
}

function toOp(token: Token): RegistryFilterOp | undefined {
  if (token.kind === 'op') return token.text === '=' ? '=' : '!=';
  const upper = token.text.toUpperCase();
  return token.kind === 'word' && (upper === 'LIKE' || upper === 'ILIKE') ? upper : undefined;
}

/** tags.`my key` or tags."my key" → tags.my key; `name` → name. */
function unquoteKey(text: string): string {
  return text.replace(/[`"]([^`"]*)[`"]/g, '$1');
}

/** SQL LIKE: % any run of characters, _ one character; everything else literal. */
function likePattern(pattern: string, flags: string): RegExp {
  const body = [...pattern].map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, flags + 's');
}
