/**
 * The tokenizer of MLflow's search grammar (filters and orderBy): identifiers such as
 * `metrics.val/loss` or `and`, `backquoted` keys, 'single' or "double" quoted strings, numbers,
 * comparison operators. Each token keeps its position for error messages.
 */
import { BadRequestError } from '../../platform/errors';

export type Token =
  | { kind: 'identifier'; text: string; position: number; end: number }
  | { kind: 'quoted-identifier'; text: string; position: number; end: number }
  | { kind: 'string'; text: string; quote: '"' | "'"; position: number; end: number }
  | { kind: 'number'; value: number; text: string; position: number; end: number }
  | { kind: 'operator'; text: '=' | '!=' | '>' | '>=' | '<' | '<='; position: number; end: number };

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_.\-/:]*/y;
const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const OPERATOR = /!=|<>|>=|<=|==|=|>|</y;

/** `what` names the text in messages ("filter", "orderBy \"…\""). */
export function tokenize(text: string, what: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      const close = text.indexOf(c, i + 1);
      if (close < 0) throw syntaxError(what, i, `the ${c === '`' ? 'backquoted key' : 'string'} starting here has no closing ${c}`);
      const body = text.slice(i + 1, close);
      if (c === '`') tokens.push({ kind: 'quoted-identifier', text: body, position: i, end: close + 1 });
      else tokens.push({ kind: 'string', text: body, quote: c, position: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    const matched = match(IDENTIFIER, text, i) ?? undefined;
    if (matched !== undefined) {
      tokens.push({ kind: 'identifier', text: matched, position: i, end: i + matched.length });
      i += matched.length;
      continue;
    }
    const number = match(NUMBER, text, i);
    if (number !== undefined) {
      tokens.push({ kind: 'number', value: Number(number), text: number, position: i, end: i + number.length });
      i += number.length;
      continue;
    }
    const operator = match(OPERATOR, text, i);
    if (operator !== undefined) {
      const op = operator === '<>' ? '!=' : operator === '==' ? '=' : (operator as '=' | '!=' | '>' | '>=' | '<' | '<=');
      tokens.push({ kind: 'operator', text: op, position: i, end: i + operator.length });
      i += operator.length;
      continue;
    }
    throw syntaxError(what, i, `unexpected character ${JSON.stringify(c)}`);
  }
  return tokens;
}

function match(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  const found = pattern.exec(text);
  return found ? found[0] : undefined;
}

/** Positions are 1-based characters of the text. */
export function syntaxError(what: string, index: number, message: string): BadRequestError {
  return new BadRequestError(`invalid ${what} at position ${index + 1}: ${message}`, { position: index + 1 }, 'invalid_search');
}

export function describeToken(token: Token | undefined): string {
  if (!token) return 'the end';
  if (token.kind === 'string') return `${token.quote}${token.text}${token.quote}`;
  if (token.kind === 'quoted-identifier') return `\`${token.text}\``;
  return `"${token.text}"`;
}
