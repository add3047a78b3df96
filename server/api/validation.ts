import type { z } from 'zod';
import { BadRequestError } from '../platform/errors';

export type RequestPart = 'params' | 'query' | 'body';

export interface FieldProblem {
  /** Where in the request, e.g. body.roles[1] or query.limit. */
  path: string;
  message: string;
}

export class ValidationError extends BadRequestError {
  constructor(readonly problems: FieldProblem[]) {
    super(`invalid request: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems, 'validation_failed');
  }
}

export function parsePart<S extends z.ZodType>(schema: S, part: RequestPart, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues.flatMap((issue) => describeIssue(part, issue)));
}

function describeIssue(part: RequestPart, issue: z.core.$ZodIssue): FieldProblem[] {
  if (issue.code === 'unrecognized_keys') {
    // One problem per unknown field, each at its own path, so a client can point at it.
    return issue.keys.map((key) => ({ path: formatPath(part, [...issue.path, key]), message: 'unknown field' }));
  }
  return [{ path: formatPath(part, issue.path), message: issue.message }];
}

function formatPath(part: RequestPart, path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_$][\w$]*$/.test(name) ? `${text}.${name}` : `${text}[${JSON.stringify(name)}]`;
  }, part);
}
