/** The Node entry's deployments: through MLPORTAL_URL and MLPORTAL_TOKEN. */
import type { Client } from '../client';
import { clientFromEnv } from '../env';
import { DeploymentsApi } from './api';

/** Deployments through MLPORTAL_URL and MLPORTAL_TOKEN, read at each call: `import { deployments } from '@mlportal/sdk'`. */
export const deployments: DeploymentsApi = new DeploymentsApi(() => clientFromEnv({ requireToken: true }));

/** Deployments through a client of your own. */
export function deploymentsOf(client: Client): DeploymentsApi {
  return new DeploymentsApi(client);
}
