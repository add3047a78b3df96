/**
 * Demo feature data for the UI tests, made through the SDK with the admin token: the backend
 * under test starts empty. Small on purpose (three airports over three days) so the suite stays
 * fast; the values are chosen so a test can tell which day a training-set row was joined with.
 */
import { Client, MlportalApiError } from '@mlportal/sdk/core';

export const AIRPORT_GROUP = 'airport_delay_7d';
export const AIRPORTS = ['SFO', 'LAX', 'JFK'] as const;
export const DAYS = ['2001-06-28T00:00:00.000Z', '2001-06-29T00:00:00.000Z', '2001-06-30T00:00:00.000Z'] as const;

/** The value of mean_delay_7d for an airport on a day (by index): 5, 15, 25 on the first day, one more each day. */
export function meanDelay(airport: number, day: number): number {
  return 5 + airport * 10 + day;
}

export function backendUrl(): string {
  return `http://127.0.0.1:${required('MLPORTAL_UI_BACKEND_PORT')}`;
}

export function adminToken(): string {
  return required('MLPORTAL_UI_ADMIN_TOKEN');
}

export function adminClient(): Client {
  return new Client({ url: backendUrl(), token: adminToken() });
}

/** Defines the airport entity and airport_delay_7d and ingests its rows, unless an earlier test did. */
export async function ensureAirportDelay7d(client: Client): Promise<void> {
  await ignoringDuplicate(
    client.features.createEntity({
      name: 'airport',
      joinKeys: [{ name: 'origin', type: 'string' }],
      description: 'An airport, by its IATA code'
    })
  );
  await ignoringDuplicate(
    client.features.createGroup({
      name: AIRPORT_GROUP,
      entity: 'airport',
      eventTime: 'date',
      description: 'Departure delays at the origin airport over the 7 days before each day',
      owner: 'data-platform',
      tags: ['flights', 'delay'],
      features: [
        { name: 'mean_delay_7d', type: 'float64', description: 'Mean departure delay in minutes' },
        { name: 'late_share_7d', type: 'float64', description: 'Share of departures more than 15 minutes late' },
        { name: 'flights_7d', type: 'int64', description: 'Departures counted' }
      ]
    })
  );
  const group = await client.features.group(AIRPORT_GROUP);
  if (group.freshness.rows > 0) {
    return;
  }
  const rows = DAYS.flatMap((date, day) =>
    AIRPORTS.map((origin, airport) => ({
      origin,
      date,
      mean_delay_7d: meanDelay(airport, day),
      late_share_7d: (airport + 1) / 10,
      flights_7d: 100 * (airport + 1) + day
    }))
  );
  await client.features.ingest(AIRPORT_GROUP, { rows });
}

/** A new API token with the given roles. */
export async function createToken(client: Client, name: string, roles: string[]): Promise<string> {
  const created = await client.request<{ token: string }>('/api/v1/auth/tokens', { method: 'POST', body: { name, roles } });
  return created.token;
}

async function ignoringDuplicate(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (error) {
    if (!(error instanceof MlportalApiError && error.status === 409)) {
      throw error;
    }
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the UI tests with \`npm test -- ui\``);
  return value;
}
