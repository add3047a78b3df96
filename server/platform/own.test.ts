import { ownEntry } from './own';

describe('ownEntry', () => {
  const table: Record<string, number> = { a: 1, zero: 0 };

  it("finds a table's own entries, falsy values included", () => {
    expect(ownEntry(table, 'a')).toBe(1);
    expect(ownEntry(table, 'zero')).toBe(0);
  });

  it.each(['constructor', '__proto__', 'hasOwnProperty', 'toString', 'missing'])('finds nothing for %s', (name) => {
    expect(ownEntry(table, name)).toBeUndefined();
  });
});
