/** Evaluates a clause on a run document in memory: for what the store cannot express (like, ilike). */
import type { RunDocument } from '../documents';
import { fieldNameOf } from '../keys';
import type { Stored } from '../../platform/store/port';
import type { FieldRef } from './fields';
import type { Clause } from './filter';

export function matchesAll(clauses: Clause[]): (run: Stored<RunDocument>) => boolean {
  const tests = clauses.map(clauseTest);
  return (run) => tests.every((test) => test(run));
}

function clauseTest(clause: Clause): (run: Stored<RunDocument>) => boolean {
  const read = reader(clause.field);
  if (clause.op === 'like' || clause.op === 'ilike') {
    const pattern = likePattern(clause.value, clause.op === 'ilike');
    return (run) => {
      const value = read(run);
      return typeof value === 'string' && pattern.test(value);
    };
  }
  const expected = clause.value;
  const op = clause.op;
  return (run) => {
    const value = read(run);
    if (value === undefined || typeof value !== typeof expected) return false;
    switch (op) {
      case '=':
        return value === expected;
      case '!=':
        return value !== expected;
      case '>':
        return value > expected;
      case '>=':
        return value >= expected;
      case '<':
        return value < expected;
      default:
        return value <= expected;
    }
  };
}

function reader(field: FieldRef): (run: Stored<RunDocument>) => string | number | undefined {
  switch (field.entity) {
    case 'metric': {
      const name = fieldNameOf(field.key);
      return (run) => run.metrics[name]?.value;
    }
    case 'param': {
      const name = fieldNameOf(field.key);
      return (run) => run.params[name]?.value;
    }
    case 'tag': {
      const name = fieldNameOf(field.key);
      return (run) => run.tags[name]?.value;
    }
    default:
      switch (field.name) {
        case 'status':
          return (run) => run.status;
        case 'run_name':
          return (run) => run.name;
        case 'run_id':
          return (run) => run._id;
        case 'start_time':
          return (run) => run.startTime;
        default:
          return (run) => run.endTime;
      }
  }
}

/** SQL LIKE: % any run of characters, _ one character, the rest literal; the whole value must match. */
export function likePattern(pattern: string, ignoreCase: boolean): RegExp {
  const body = [...pattern].map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
}
