import { fieldNameOf, fromEntries, toEntries } from './keys';

describe('key encoding for document field names', () => {
  it('keeps letters and digits and escapes every other character, so keys never share a name', () => {
    expect(fieldNameOf('auc')).toBe('k_auc');
    expect(fieldNameOf('val/loss')).toBe('k_val_2floss');
    expect(fieldNameOf('a.b c-d_e')).toBe('k_a_2eb_20c_2dd_5fe');
    const keys = ['a_b', 'a.b', 'a_2eb', 'a/b', 'a b', 'A.b', '1st'];
    const names = keys.map(fieldNameOf);
    expect(new Set(names).size).toBe(keys.length);
    for (const name of names) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/);
  });

  it('hashes keys too long for a field path', () => {
    const long = 'x.'.repeat(125);
    expect(fieldNameOf(long)).toMatch(/^h_[0-9a-f]{64}$/);
    expect(fieldNameOf(long)).not.toBe(fieldNameOf(`${long.slice(0, -1)}y`));
  });

  it('keeps each key as written beside its value', () => {
    const record = { 'model.type': 'xgb', 'val/loss': '1', plain: 'p' };
    expect(fromEntries(toEntries(record))).toEqual(record);
  });
});
