import { parseFeatureReference, parseGroupSelector } from './references';

describe('feature references', () => {
  it('reads group:feature and a pinned group@vN:feature', () => {
    expect(parseFeatureReference('airport_delays:delay_mean')).toEqual({
      text: 'airport_delays:delay_mean',
      group: 'airport_delays',
      feature: 'delay_mean'
    });
    expect(parseFeatureReference('airport_delays@v3:delay_mean')).toMatchObject({
      group: 'airport_delays',
      version: 3,
      feature: 'delay_mean'
    });
  });

  it('refuses anything else, naming the field', () => {
    expect(() => parseFeatureReference('Airport:x', 'features[2]')).toThrow('features[2]: "Airport:x" is not a feature reference');
    expect(() => parseFeatureReference('a@v0:x')).toThrow(/not a feature reference/);
    expect(() => parseGroupSelector('a:b', 'sources[0]')).toThrow('sources[0]: "a:b" is not a group name');
    expect(parseGroupSelector('flights@v2')).toEqual({ group: 'flights', version: 2 });
  });
});
