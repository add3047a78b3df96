// The demo catalog's definitions. The names are fixed: the sidebar, the example notebook and the
// tests rely on them.
import { AIRPORT_DELAY_7D_SQL, ROUTE_DELAY_30D_SQL } from './demo-sql.mjs';

export const DEMO_OWNER = 'data-platform';

export const DEMO_ENTITIES = [
  {
    name: 'airport',
    joinKeys: [{ name: 'origin', type: 'string' }],
    description: 'An airport flights leave from, by its IATA code',
    owner: DEMO_OWNER
  },
  {
    name: 'route',
    joinKeys: [
      { name: 'origin', type: 'string' },
      { name: 'destination', type: 'string' }
    ],
    description: 'A route flown: origin and destination airports (IATA codes)',
    owner: DEMO_OWNER
  }
];

export const FLIGHTS_GROUP = {
  name: 'flights',
  entity: 'route',
  eventTime: 'date',
  features: [
    { name: 'delay', type: 'int64', description: 'Departure delay in minutes (negative: left early)' },
    { name: 'distance', type: 'int64', description: 'Distance flown in miles' }
  ],
  description: 'US domestic flights, January to June 2001, one row per flight (vega-datasets flights-3m)',
  owner: DEMO_OWNER,
  tags: ['flights', 'raw']
};

/** Groups computed from `flights` by a SQL transformation, in the order they are built. */
export const WINDOWED_GROUPS = [
  {
    definition: {
      name: 'airport_delay_7d',
      entity: 'airport',
      eventTime: 'date',
      features: [
        {
          name: 'mean_delay_7d',
          type: 'float64',
          description: 'Mean departure delay (minutes) at the airport over the 7 days before the day'
        },
        {
          name: 'late_share_7d',
          type: 'float64',
          description: 'Share of departures more than 15 minutes late over the 7 days before the day'
        },
        { name: 'flights_7d', type: 'int64', description: 'Departures from the airport over the 7 days before the day' }
      ],
      description:
        'Recent departure delays per origin airport, one row per day at 00:00 UTC, from flights strictly before that day (no look-ahead)',
      owner: DEMO_OWNER,
      tags: ['flights', 'delay']
    },
    keys: ['origin'],
    sql: AIRPORT_DELAY_7D_SQL
  },
  {
    definition: {
      name: 'route_delay_30d',
      entity: 'route',
      eventTime: 'date',
      features: [
        {
          name: 'mean_delay_30d',
          type: 'float64',
          description: 'Mean departure delay (minutes) on the route over the 30 days before the day'
        },
        { name: 'flights_30d', type: 'int64', description: 'Flights on the route over the 30 days before the day' }
      ],
      description: 'Recent delays per route, one row per day at 00:00 UTC, from flights strictly before that day (no look-ahead)',
      owner: DEMO_OWNER,
      tags: ['flights', 'delay']
    },
    keys: ['origin', 'destination'],
    sql: ROUTE_DELAY_30D_SQL
  }
];

export const DEMO_GROUP_NAMES = [FLIGHTS_GROUP.name, ...WINDOWED_GROUPS.map((g) => g.definition.name)];
