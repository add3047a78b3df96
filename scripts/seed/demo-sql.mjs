// The SQL of the demo's windowed feature groups. Each row's event time is the start of a day (UTC),
// and its values come only from flights strictly before that day: the window ends the day before,
// so a training row at any time on that day never sees a flight of its own day or later.

/**
 * Windowed aggregates over `flights` per entity (the key columns) and day: for every day from an
 * entity's first flight until its window has emptied (or the day after the data ends), the flights
 * of the `days` days before it. Days without flights in the window keep a row with
 * count 0 and null averages, so a lookup then never falls back to an older, fuller window.
 *
 * `measures` are output columns computed from the window sums flights_w, delay_sum_w, late_w.
 */
export function windowedSql({ keys, days, measures }) {
  const keyList = keys.join(', ');
  return `
WITH daily AS (
  SELECT ${keyList},
         datediff('day', DATE '1970-01-01', CAST("date" AS DATE)) AS day,
         count(*) AS flights,
         sum(delay) AS delay_sum,
         count_if(delay > 15) AS late
  FROM flights
  GROUP BY ALL
),
last_day AS (SELECT max(day) + 1 AS day FROM daily),
spans AS (
  SELECT ${keyList}, min(day) AS first_day, least(max(day) + ${days} + 1, (SELECT day FROM last_day)) AS end_day
  FROM daily
  GROUP BY ALL
),
calendar AS (
  SELECT ${keyList}, unnest(range(first_day, end_day + 1)) AS day FROM spans
),
windowed AS (
  SELECT ${keys.map((k) => `c.${k}`).join(', ')}, c.day,
         coalesce(sum(d.flights) OVER w, 0) AS flights_w,
         sum(d.delay_sum) OVER w AS delay_sum_w,
         sum(d.late) OVER w AS late_w
  FROM calendar c LEFT JOIN daily d USING (${keyList}, day)
  WINDOW w AS (PARTITION BY ${keys.map((k) => `c.${k}`).join(', ')} ORDER BY c.day RANGE BETWEEN ${days} PRECEDING AND 1 PRECEDING)
)
SELECT ${keyList},
       CAST(DATE '1970-01-01' + CAST(day AS INTEGER) AS TIMESTAMP) AS "date",
       ${measures.join(',\n       ')}
FROM windowed`.trim();
}

const mean = (name) => `CASE WHEN flights_w > 0 THEN CAST(delay_sum_w AS DOUBLE) / flights_w END AS ${name}`;
const count = (name) => `CAST(flights_w AS BIGINT) AS ${name}`;

export const AIRPORT_DELAY_7D_SQL = windowedSql({
  keys: ['origin'],
  days: 7,
  measures: [
    mean('mean_delay_7d'),
    'CASE WHEN flights_w > 0 THEN CAST(late_w AS DOUBLE) / flights_w END AS late_share_7d',
    count('flights_7d')
  ]
});

export const ROUTE_DELAY_30D_SQL = windowedSql({
  keys: ['origin', 'destination'],
  days: 30,
  measures: [mean('mean_delay_30d'), count('flights_30d')]
});
