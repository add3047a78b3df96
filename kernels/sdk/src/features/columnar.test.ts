import { jsonRows, rowsOf, typedColumns } from './columnar';
import type { Column } from './types';

const columns: Column[] = [
  { name: 'origin', type: 'string' },
  { name: 'ts', type: 'timestamp' },
  { name: 'delay', type: 'float64' }
];

describe('training set columns', () => {
  it('turn timestamps into Dates, keep nulls and leave other types as JSON gave them', () => {
    const typed = typedColumns(columns, {
      origin: ['SFO', 'LAX'],
      ts: ['2024-01-02T00:00:00.000Z', null],
      delay: [1.5, null]
    });
    expect(typed.origin).toEqual(['SFO', 'LAX']);
    expect(typed.ts[0]).toEqual(new Date('2024-01-02T00:00:00Z'));
    expect(typed.ts[1]).toBeNull();
    expect(typed.delay).toEqual([1.5, null]);
  });

  it('give one object per row in row order', () => {
    const data = { origin: ['SFO', 'LAX'], ts: [null, null], delay: [1, 2] };
    expect(rowsOf<unknown>(columns, data, 2)).toEqual([
      { origin: 'SFO', ts: null, delay: 1 },
      { origin: 'LAX', ts: null, delay: 2 }
    ]);
  });
});

describe('rows sent to the backend', () => {
  it('carry Dates as ISO-8601 strings without changing the caller’s objects', () => {
    const when = new Date('2024-03-04T05:06:07Z');
    const rows = [
      { origin: 'SFO', ts: when },
      { origin: 'LAX', ts: '2024-01-01T00:00:00Z' }
    ];
    expect(jsonRows(rows)).toEqual([
      { origin: 'SFO', ts: '2024-03-04T05:06:07.000Z' },
      { origin: 'LAX', ts: '2024-01-01T00:00:00Z' }
    ]);
    expect(rows[0].ts).toBe(when);
  });
});
