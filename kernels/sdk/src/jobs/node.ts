/** The Node entry's jobs: through MLPORTAL_URL and MLPORTAL_TOKEN, and the job's own run when running inside one. */
import type { Client } from '../client';
import { clientFromEnv, runs } from '../env';
import { JobsApi } from './api';
import { adoptJobRun } from './job-run';

/** Training jobs through MLPORTAL_URL and MLPORTAL_TOKEN, read at each call: `import { jobs } from '@mlportal/sdk'`. */
export const jobs: JobsApi = new JobsApi(() => clientFromEnv({ requireToken: true }));

/** Training jobs through a client of your own. */
export function jobsOf(client: Client): JobsApi {
  return new JobsApi(client);
}

// Code running inside a job logs to the job's run with no configuration.
adoptJobRun(runs);
