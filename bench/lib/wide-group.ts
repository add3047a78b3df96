/**
 * A 50-feature group for the online benchmark (the demo's groups have 2 to 3 features): per route
 * and month, the share of flights delayed more than t minutes for 50 thresholds, as of the month's
 * last flight (so no value is known before its flights happened).
 */
export const WIDE_GROUP = 'route_delay_profile';

const THRESHOLDS = Array.from({ length: 50 }, (_, i) => -20 + 5 * i);

const featureName = (t: number) => `share_delay_gt_${t < 0 ? `minus_${-t}` : t}`;

export const WIDE_FEATURES = THRESHOLDS.map((t) => ({
  name: featureName(t),
  type: 'float64' as const,
  description: `Share of the route's flights that month delayed more than ${t} minutes`
}));

export const WIDE_DEFINITION = {
  name: WIDE_GROUP,
  entity: 'route',
  eventTime: 'date',
  features: WIDE_FEATURES,
  description: 'Monthly delay profile per route (benchmark group)',
  owner: 'data-platform',
  tags: ['flights', 'benchmark']
};

export const WIDE_SQL = `
SELECT origin, destination, max("date") AS "date",
       ${THRESHOLDS.map((t) => `avg(CAST(delay > ${t} AS DOUBLE)) AS ${featureName(t)}`).join(',\n       ')}
FROM flights
GROUP BY origin, destination, date_trunc('month', "date")`.trim();
