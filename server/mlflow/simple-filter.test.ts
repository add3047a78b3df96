import { exactValueOf, matchesRegistryFilter, parseRegistryFilter } from './simple-filter';

const FIELDS = ['name', 'run_id', 'tags.*'];
const record = (values: Record<string, string>) => (field: string) => values[field];

describe('the registry search filter', () => {
  it('parses clauses joined by AND, with quoted keys and either quote', () => {
    expect(parseRegistryFilter(`name = 'a' and tags.\`my key\` != "x" AND run_id LIKE 'ab%'`, FIELDS)).toEqual([
      { field: 'name', op: '=', value: 'a' },
      { field: 'tags.my key', op: '!=', value: 'x' },
      { field: 'run_id', op: 'LIKE', value: 'ab%' }
    ]);
    expect(parseRegistryFilter("tag.`mlflow.prompt.is_prompt` != 'true'", FIELDS)).toEqual([
      { field: 'tags.mlflow.prompt.is_prompt', op: '!=', value: 'true' }
    ]);
    expect(parseRegistryFilter('  ', FIELDS)).toEqual([]);
    expect(parseRegistryFilter(undefined, FIELDS)).toEqual([]);
  });

  it('matches =, !=, LIKE (case-sensitive) and ILIKE', () => {
    const model = record({ name: 'Flights.Delay', 'tags.team': 'fraud' });
    const match = (filter: string) => matchesRegistryFilter(parseRegistryFilter(filter, FIELDS), model);
    expect(match("name = 'Flights.Delay'")).toBe(true);
    expect(match("name LIKE 'Flights%'")).toBe(true);
    expect(match("name LIKE 'flights%'")).toBe(false);
    expect(match("name ILIKE 'flights_delay'")).toBe(true);
    expect(match("name LIKE 'Flights_Dela'")).toBe(false);
    expect(match("tags.team = 'fraud' and name != 'other'")).toBe(true);
    expect(match("tags.owner = 'x'")).toBe(false);
  });

  it('finds the exact value a search can go straight to', () => {
    expect(exactValueOf(parseRegistryFilter("run_id = 'r' AND name = 'm'", FIELDS), 'name')).toBe('m');
    expect(exactValueOf(parseRegistryFilter("name LIKE 'm'", FIELDS), 'name')).toBeUndefined();
  });

  it('refuses what it does not understand, naming it', () => {
    expect(() => parseRegistryFilter("source = 'x'", FIELDS)).toThrow(/unknown field "source"/);
    expect(() => parseRegistryFilter("name = 'a' OR name = 'b'", FIELDS)).toThrow(/OR is not supported/);
    expect(() => parseRegistryFilter("name LIKES 'x'", FIELDS)).toThrow(/expected =, !=, LIKE or ILIKE after name/);
    expect(() => parseRegistryFilter('name >', FIELDS)).toThrow(/unexpected ">" at position 5/);
    expect(() => parseRegistryFilter('name = ', FIELDS)).toThrow(/expected a quoted value/);
    expect(() => parseRegistryFilter("name = 'a' ;", FIELDS)).toThrow(/unexpected ";" at position 11/);
  });
});
