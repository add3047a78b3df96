import { entityKeys, exampleEntities, type IGroupSample } from './example-entities';

const freshness = { rows: 0, ingestions: 0, minEventTime: null, maxEventTime: null, lastIngestedAt: null };

function airportGroup(rows: Array<Record<string, string | number | null>> | null): IGroupSample {
  return {
    group: { name: 'airport_delay_7d', joinKeys: [{ name: 'origin', type: 'string' }], eventTime: 'date', freshness },
    preview: rows ? { rows } : null
  };
}

describe('exampleEntities', () => {
  it('takes distinct keys from the newest rows, each at its own event time', () => {
    const examples = exampleEntities(
      [
        airportGroup([
          { origin: 'SFO', date: '2001-06-30T00:00:00.000Z', mean_delay_7d: 3 },
          { origin: 'LAX', date: '2001-06-30T00:00:00.000Z', mean_delay_7d: 5 },
          { origin: 'SFO', date: '2001-06-29T00:00:00.000Z', mean_delay_7d: 4 },
          { origin: 'JFK', date: '2001-06-29T00:00:00.000Z', mean_delay_7d: 7 }
        ])
      ],
      { limit: 2 }
    );
    expect(examples).toEqual({
      joinKeys: [{ name: 'origin', type: 'string' }],
      timestampColumn: 'ts',
      rows: [
        { origin: 'SFO', ts: '2001-06-30T00:00:00.000Z' },
        { origin: 'LAX', ts: '2001-06-30T00:00:00.000Z' }
      ],
      fromData: true
    });
  });

  it('uses the group whose keys cover the most when entities differ, and names the timestamp apart from every column', () => {
    const route: IGroupSample = {
      group: {
        name: 'route_delay_30d',
        joinKeys: [
          { name: 'origin', type: 'string' },
          { name: 'destination', type: 'string' }
        ],
        eventTime: 'date',
        freshness
      },
      preview: { rows: [{ origin: 'SFO', destination: 'JFK', date: '2001-06-30T00:00:00.000Z' }] }
    };
    const examples = exampleEntities([airportGroup([{ origin: 'LAX', date: '2001-06-01T00:00:00.000Z' }]), route], {
      limit: 5,
      reservedColumns: ['ts', 'event_ts']
    });
    expect(examples.timestampColumn).toBe('as_of');
    expect(examples.rows).toEqual([{ origin: 'SFO', destination: 'JFK', as_of: '2001-06-30T00:00:00.000Z' }]);
    expect(examples.fromData).toBe(true);
  });

  it('falls back to placeholders at the latest event time when no rows are visible', () => {
    const hidden = airportGroup(null);
    hidden.group = { ...hidden.group, freshness: { ...freshness, maxEventTime: '2001-06-30T00:00:00.000Z' } };
    const examples = exampleEntities([hidden], { limit: 5 });
    expect(examples.rows).toEqual([{ origin: '<origin>', ts: '2001-06-30T00:00:00.000Z' }]);
    expect(examples.fromData).toBe(false);
  });

  it('skips rows without an event time and gives entity keys without timestamps or repeats', () => {
    const examples = exampleEntities(
      [
        airportGroup([
          { origin: 'SFO', date: null },
          { origin: 'LAX', date: '2001-06-30T00:00:00.000Z' }
        ])
      ],
      { limit: 5 }
    );
    expect(examples.rows).toEqual([{ origin: 'LAX', ts: '2001-06-30T00:00:00.000Z' }]);
    expect(entityKeys({ ...examples, rows: [...examples.rows, { origin: 'LAX', ts: '2001-05-01T00:00:00.000Z' }] })).toEqual([
      { origin: 'LAX' }
    ]);
  });
});
