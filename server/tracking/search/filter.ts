/**
 * MLflow's run filter grammar → a typed AST:
 *   filter  := clause ( AND clause )*            (AND in any case; no OR, as in MLflow)
 *   clause  := field op value
 *   metrics.<key>               = != > >= < <=   a number
 *   params.<key>, tags.<key>    = != like ilike  a quoted string
 *   attributes.status|run_name|run_id           = != like ilike  a quoted string
 *   attributes.start_time|end_time              = != > >= < <=   epoch milliseconds or a quoted ISO time
 * Keys with spaces or other characters go in backquotes or double quotes: metrics.`val loss`.
 */
import { BadRequestError } from '../../platform/errors';
import { isoTime } from '../log-input';
import { ATTRIBUTES, describeField, readField, type FieldRef } from './fields';
import { describeToken, syntaxError, tokenize, type Token } from './tokens';

export type NumberOp = '=' | '!=' | '>' | '>=' | '<' | '<=';
export type StringOp = '=' | '!=' | 'like' | 'ilike';

export type Clause =
  | { field: FieldRef; op: NumberOp; value: number; kind: 'number' }
  | { field: FieldRef; op: StringOp; value: string; kind: 'string' }
  /** start_time / end_time, compared as ISO strings (the stored form). */
  | { field: FieldRef; op: NumberOp; value: string; kind: 'time' };

const WHAT = 'filter';

export function parseFilter(text: string | undefined): Clause[] {
  if (text === undefined || text.trim() === '') return [];
  const tokens = tokenize(text, WHAT);
  const clauses: Clause[] = [];
  let at = 0;
  for (;;) {
    const { clause, next } = readClause(tokens, at, text.length);
    clauses.push(clause);
    at = next;
    const joiner = tokens[at];
    if (!joiner) return clauses;
    if (joiner.kind !== 'identifier' || joiner.text.toLowerCase() !== 'and') {
      throw syntaxError(
        WHAT,
        joiner.position,
        `expected "and" or the end of the filter, got ${describeToken(joiner)} (clauses join with "and" only)`
      );
    }
    at++;
    if (!tokens[at]) throw syntaxError(WHAT, text.length, 'expected a clause after "and", got the end');
  }
}

function readClause(tokens: Token[], at: number, length: number): { clause: Clause; next: number } {
  const { field, next } = readField(tokens, at, WHAT, length);
  const opToken = tokens[next];
  const op = operatorOf(opToken);
  if (!op)
    throw syntaxError(
      WHAT,
      opToken?.position ?? length,
      `expected a comparison (=, !=, >, >=, <, <=, like, ilike) after ${describeField(field)}, got ${describeToken(opToken)}`
    );
  const valueToken = tokens[next + 1];
  const where = valueToken?.position ?? length;
  const kind =
    field.entity === 'metric' ? 'number' : field.entity === 'attribute' && ATTRIBUTES[field.name].kind === 'time' ? 'time' : 'string';
  if (kind === 'string') {
    if (!isStringOp(op))
      throw syntaxError(WHAT, opToken!.position, `${describeField(field)} compares with =, !=, like or ilike, not ${op}`);
    if (valueToken?.kind !== 'string')
      throw syntaxError(WHAT, where, `${describeField(field)} compares with a quoted string, got ${describeToken(valueToken)}`);
    return { clause: { field, op, value: valueToken.text, kind }, next: next + 2 };
  }
  if (isLike(op)) throw syntaxError(WHAT, opToken!.position, `${describeField(field)} compares with =, !=, >, >=, < or <=, not ${op}`);
  if (kind === 'number') {
    if (valueToken?.kind !== 'number')
      throw syntaxError(WHAT, where, `${describeField(field)} compares with a number, got ${describeToken(valueToken)}`);
    if (!Number.isFinite(valueToken.value)) throw syntaxError(WHAT, where, `${valueToken.text} is out of range`);
    return { clause: { field, op, value: valueToken.value, kind }, next: next + 2 };
  }
  return { clause: { field, op, value: timeValue(field, valueToken, where), kind }, next: next + 2 };
}

/** Epoch milliseconds (MLflow's form) or a quoted ISO time. */
function timeValue(field: FieldRef, token: Token | undefined, where: number): string {
  if (token?.kind === 'number') {
    const time = new Date(token.value);
    if (!Number.isInteger(token.value) || Number.isNaN(time.getTime()))
      throw syntaxError(WHAT, where, `${token.text} is not a time in epoch milliseconds`);
    return time.toISOString();
  }
  if (token?.kind === 'string') {
    try {
      return isoTime(token.text, describeField(field));
    } catch (err) {
      throw syntaxError(WHAT, where, (err as BadRequestError).message);
    }
  }
  throw syntaxError(
    WHAT,
    where,
    `${describeField(field)} compares with epoch milliseconds or a quoted ISO time, got ${describeToken(token)}`
  );
}

function operatorOf(token: Token | undefined): NumberOp | StringOp | undefined {
  if (token?.kind === 'operator') return token.text;
  if (token?.kind === 'identifier') {
    const word = token.text.toLowerCase();
    if (word === 'like' || word === 'ilike') return word;
  }
  return undefined;
}

function isLike(op: NumberOp | StringOp): op is 'like' | 'ilike' {
  return op === 'like' || op === 'ilike';
}

function isStringOp(op: NumberOp | StringOp): op is StringOp {
  return op === '=' || op === '!=' || isLike(op);
}
