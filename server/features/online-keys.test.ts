import { canonicalKey, canonicalTime, onlineId } from './online-keys';

describe('online keys', () => {
  const keys = [
    { name: 'origin', type: 'string' as const },
    { name: 'day', type: 'timestamp' as const },
    { name: 'n', type: 'int64' as const }
  ];

  it('brings values to one form, so a lookup finds what an ingestion wrote', () => {
    const fromIngestion = canonicalKey({ origin: 'SFO', day: '2001-01-02T00:00:00.000Z', n: 3 }, keys, 'row 1');
    const fromLookup = canonicalKey({ origin: 'SFO', day: '2001-01-02T00:00:00Z', n: 3, extra: true }, keys, 'entities[0]');
    expect(fromLookup).toEqual(fromIngestion);
    expect(onlineId('g', 2, fromLookup)).toBe('g@v2|["SFO","2001-01-02T00:00:00.000Z",3]');
  });

  it('names the row and key that is missing or of the wrong type', () => {
    expect(() => canonicalKey({ day: '2001-01-01', n: 1 }, keys, 'entities[4]')).toThrow(
      'entities[4].origin: the join key origin is missing'
    );
    expect(() => canonicalKey({ origin: 'SFO', day: 'soon', n: 1 }, keys, 'entities[0]')).toThrow(
      'entities[0].day: "soon" is not a valid timestamp value'
    );
    expect(() => canonicalKey({ origin: 'SFO', day: '2001-01-01', n: '1' }, keys, 'entities[0]')).toThrow(
      'entities[0].n: "1" is not a valid int64 value'
    );
    expect(() => canonicalKey({ origin: 7, day: '2001-01-01', n: 1 }, keys, 'entities[2]')).toThrow(
      'entities[2].origin: 7 is not a valid string value'
    );
  });

  it('hashes keys too long for a document id, deterministically', () => {
    const long = ['x'.repeat(600)];
    expect(onlineId('g', 1, long)).toMatch(/^g@v1#[0-9a-f]{64}$/);
    expect(onlineId('g', 1, long)).toBe(onlineId('g', 1, ['x'.repeat(600)]));
    expect(onlineId('g', 1, long)).not.toBe(onlineId('g', 2, long));
  });

  it('writes times as ISO-8601 UTC with milliseconds, so they compare as strings', () => {
    expect(canonicalTime('2001-01-01 10:00:00+02:00')).toBe('2001-01-01T08:00:00.000Z');
    expect(canonicalTime(null)).toBeNull();
  });
});
