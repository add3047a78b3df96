import { specDataRows } from './spec-rows';

describe('the rows of inline data in a Vega-Lite spec', () => {
  it('counts top-level, layered, concatenated and named data, and nothing else', () => {
    expect(specDataRows({ data: { values: [{ a: 1 }, { a: 2 }] }, mark: 'bar' })).toBe(2);
    expect(specDataRows({ layer: [{ data: { values: [1, 2, 3] } }, { data: { values: [] } }], datasets: { reference: [1, 2] } })).toBe(5);
    expect(specDataRows({ vconcat: [{ hconcat: [{ data: { values: [1] } }] }], spec: { data: { values: [1, 2] } } })).toBe(3);
    expect(specDataRows({ data: { url: 'data.json' }, mark: 'line' })).toBe(0);
    expect(specDataRows(null)).toBe(0);
  });
});
