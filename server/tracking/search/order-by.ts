/** orderBy entries, MLflow's form: "metrics.auc DESC", "params.lr", "attributes.start_time ASC". */
import { describeField, readField, type FieldRef } from './fields';
import { describeToken, syntaxError, tokenize } from './tokens';

export interface OrderKey {
  field: FieldRef;
  descending: boolean;
}

export function parseOrderBy(entries: readonly string[] | undefined): OrderKey[] {
  return (entries ?? []).map((entry) => {
    const what = `orderBy ${JSON.stringify(entry)}`;
    const tokens = tokenize(entry, what);
    const { field, next } = readField(tokens, 0, what, entry.length);
    const direction = tokens[next];
    let descending = false;
    if (direction) {
      const word = direction.kind === 'identifier' ? direction.text.toUpperCase() : '';
      if (word !== 'ASC' && word !== 'DESC')
        throw syntaxError(what, direction.position, `expected ASC or DESC after ${describeField(field)}, got ${describeToken(direction)}`);
      descending = word === 'DESC';
    }
    const extra = tokens[next + 1];
    if (direction && extra)
      throw syntaxError(what, extra.position, `expected the end after ${direction.text}, got ${describeToken(extra)}`);
    return { field, descending };
  });
}
