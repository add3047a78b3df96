import { BadRequestError } from '../../platform/errors';
import { parseFilter } from './filter';
import { likePattern } from './matcher';
import { parseOrderBy } from './order-by';

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestError);
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('the filter grammar', () => {
  it('reads metrics, params, tags and attributes joined by and, in any case', () => {
    expect(parseFilter("metrics.auc > 0.8 and params.lr = '0.01' AND tags.team != \"vision\" And attributes.status = 'FINISHED'")).toEqual([
      { field: { entity: 'metric', key: 'auc' }, op: '>', value: 0.8, kind: 'number' },
      { field: { entity: 'param', key: 'lr' }, op: '=', value: '0.01', kind: 'string' },
      { field: { entity: 'tag', key: 'team' }, op: '!=', value: 'vision', kind: 'string' },
      { field: { entity: 'attribute', name: 'status' }, op: '=', value: 'FINISHED', kind: 'string' }
    ]);
  });

  it('reads quoted keys, keys with dots and slashes, negative and exponent numbers, like and ilike', () => {
    expect(
      parseFilter(
        'metrics.`val loss` <= -1.5e-3 and metrics."top 5" >= .5 and metric.train/loss<2 and params.model.type LIKE \'xgb%\' and tags.note ilike "%Fast%"'
      )
    ).toEqual([
      { field: { entity: 'metric', key: 'val loss' }, op: '<=', value: -0.0015, kind: 'number' },
      { field: { entity: 'metric', key: 'top 5' }, op: '>=', value: 0.5, kind: 'number' },
      { field: { entity: 'metric', key: 'train/loss' }, op: '<', value: 2, kind: 'number' },
      { field: { entity: 'param', key: 'model.type' }, op: 'like', value: 'xgb%', kind: 'string' },
      { field: { entity: 'tag', key: 'note' }, op: 'ilike', value: '%Fast%', kind: 'string' }
    ]);
  });

  it('reads times as epoch milliseconds or quoted ISO times', () => {
    expect(parseFilter("attributes.start_time >= 1700000000000 and attributes.end_time < '2024-01-02T00:00:00+01:00'")).toEqual([
      { field: { entity: 'attribute', name: 'start_time' }, op: '>=', value: '2023-11-14T22:13:20.000Z', kind: 'time' },
      { field: { entity: 'attribute', name: 'end_time' }, op: '<', value: '2024-01-01T23:00:00.000Z', kind: 'time' }
    ]);
  });

  it('answers no clauses for an empty filter', () => {
    expect(parseFilter(undefined)).toEqual([]);
    expect(parseFilter('   ')).toEqual([]);
  });

  it.each([
    [
      "metrics.auc > 0.8 or params.lr = '0.01'",
      'invalid filter at position 19: expected "and" or the end of the filter, got "or" (clauses join with "and" only)'
    ],
    [
      'metrics.auc 0.8',
      'invalid filter at position 13: expected a comparison (=, !=, >, >=, <, <=, like, ilike) after metrics.auc, got "0.8"'
    ],
    ["metrics.auc > '0.8'", "invalid filter at position 15: metrics.auc compares with a number, got '0.8'"],
    ['params.lr = 0.01', 'invalid filter at position 13: params.lr compares with a quoted string, got "0.01"'],
    ["params.lr > '0.01'", 'invalid filter at position 11: params.lr compares with =, !=, like or ilike, not >'],
    ["metrics.auc like '%'", 'invalid filter at position 13: metrics.auc compares with =, !=, >, >=, < or <=, not like'],
    ["params.lr = '0.01", "invalid filter at position 13: the string starting here has no closing '"],
    ['metric.`val loss > 1', 'invalid filter at position 8: the backquoted key starting here has no closing `'],
    [
      "foo.bar = 'x'",
      'invalid filter at position 1: unknown entity "foo": use metrics.<key>, params.<key>, tags.<key> or attributes.<status|run_name|run_id|start_time|end_time>'
    ],
    [
      "attributes.color = 'red'",
      'invalid filter at position 1: unknown attribute "color": use status, run_name, run_id, start_time or end_time'
    ],
    ['metrics.auc > 0.8 and', 'invalid filter at position 22: expected a clause after "and", got the end'],
    ['metrics.auc >', 'invalid filter at position 14: metrics.auc compares with a number, got the end'],
    [
      'metrics. > 1',
      'invalid filter at position 9: expected a key after "metrics." (quote a key with spaces in backquotes: metrics.`my key`)'
    ],
    ["params.lr = '1' ; drop", 'invalid filter at position 17: unexpected character ";"'],
    [
      "attributes.start_time > 'yesterday'",
      'invalid filter at position 25: attributes.start_time must be an ISO-8601 time such as 2024-05-01T12:00:00Z, got "yesterday"'
    ],
    [
      'auc > 1',
      'invalid filter at position 1: expected metrics.<key>, params.<key>, tags.<key> or attributes.<status|run_name|run_id|start_time|end_time>, got "auc"'
    ]
  ])('refuses %s naming the position', (filter, message) => {
    expect(refusal(() => parseFilter(filter))).toBe(message);
  });
});

describe('orderBy', () => {
  it('reads a field and an optional direction', () => {
    expect(parseOrderBy(['metrics.auc DESC', 'params.lr', 'attributes.start_time asc', 'metrics.`val loss` desc'])).toEqual([
      { field: { entity: 'metric', key: 'auc' }, descending: true },
      { field: { entity: 'param', key: 'lr' }, descending: false },
      { field: { entity: 'attribute', name: 'start_time' }, descending: false },
      { field: { entity: 'metric', key: 'val loss' }, descending: true }
    ]);
  });

  it('refuses anything else naming the entry and position', () => {
    expect(refusal(() => parseOrderBy(['metrics.auc DOWN']))).toBe(
      'invalid orderBy "metrics.auc DOWN" at position 13: expected ASC or DESC after metrics.auc, got "DOWN"'
    );
    expect(refusal(() => parseOrderBy(['metrics.auc DESC nulls']))).toBe(
      'invalid orderBy "metrics.auc DESC nulls" at position 18: expected the end after DESC, got "nulls"'
    );
  });
});

describe('like patterns', () => {
  it('match the whole value with % and _ as wildcards and everything else literal', () => {
    expect(likePattern('xgb%', false).test('xgboost')).toBe(true);
    expect(likePattern('xgb%', false).test('XGBoost')).toBe(false);
    expect(likePattern('xgb%', true).test('XGBoost')).toBe(true);
    expect(likePattern('a_c', false).test('abc')).toBe(true);
    expect(likePattern('a_c', false).test('abbc')).toBe(false);
    expect(likePattern('1.0', false).test('120')).toBe(false);
    expect(likePattern('(a)*', false).test('(a)*')).toBe(true);
  });
});
