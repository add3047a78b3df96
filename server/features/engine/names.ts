/**
 * Everything that goes into SQL text without being a bound parameter passes through here:
 * identifiers are checked against the one name rule and quoted; literals are quoted; paths are
 * made absolute and refused when DuckDB would read them as globs.
 */
import path from 'node:path';
import { BadRequestError } from '../../platform/errors';

export const NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

/** Throws a BadRequestError naming `what` when `name` breaks the name rule. */
export function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new BadRequestError(
      `${what} ${JSON.stringify(name)} is not a valid name: use 1-63 lowercase letters, digits and underscores, starting with a letter`,
      { name, rule: NAME_PATTERN.source }
    );
  }
  return name;
}

/** A checked name, double-quoted for SQL. */
export function ident(name: string, what = 'column'): string {
  return `"${checkName(name, what)}"`;
}

/** A SQL string literal. Only for places DuckDB takes no parameter (view bodies); DuckDB strings have no backslash escapes. */
export function literal(text: string): string {
  if (text.includes('\0')) throw new BadRequestError('a text value holds a NUL character');
  return `'${text.replaceAll("'", "''")}'`;
}

const GLOB_CHARACTERS = /[*?[]/;

/**
 * An absolute path DuckDB reads as exactly that file. Relative paths resolve against the working
 * directory, which also turns "s3://…" or "https://…" into plain local paths.
 */
export function filePath(file: unknown, what = 'file'): string {
  if (typeof file !== 'string' || file === '') throw new BadRequestError(`${what}: a file path is required`);
  if (file.includes('\0')) throw new BadRequestError(`${what}: the path holds a NUL character`);
  const absolute = path.resolve(file);
  if (GLOB_CHARACTERS.test(absolute)) {
    throw new BadRequestError(`${what}: the path ${JSON.stringify(file)} holds * ? or [, which DuckDB would read as a glob`);
  }
  return absolute;
}

export function filePaths(files: unknown, what: string): string[] {
  if (!Array.isArray(files) || files.length === 0) throw new BadRequestError(`${what}: at least one file is required`);
  return files.map((f, i) => filePath(f, `${what}[${i}]`));
}

/** Names must not repeat within one schema or one output. */
export function checkUnique(names: string[], what: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new BadRequestError(`${what}: the name "${name}" appears twice`, { name });
    seen.add(name);
  }
}
