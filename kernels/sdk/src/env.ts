import { Client, checkedBaseUrl } from './client';
import { MlportalConfigError } from './errors';
import { NodeFeaturesApi } from './features/files';
import { NodeModelsApi } from './registry/files';
import { ExperimentsApi } from './tracking/experiments';
import { NodeRunsApi } from './tracking/files';
import type { Environment, Health, WhoAmI } from './types';

/** The variables the kernel (and training jobs) get from whoever started them; `npm start` sets both. */
export const URL_VARIABLE = 'MLPORTAL_URL';
export const TOKEN_VARIABLE = 'MLPORTAL_TOKEN';

/**
 * A client for the backend named by MLPORTAL_URL with the token in MLPORTAL_TOKEN. Read at each
 * call, so a notebook that sets process.env.MLPORTAL_TOKEN afterwards is heard.
 */
export function clientFromEnv(options: { env?: Environment; requireToken?: boolean } = {}): Client {
  const env = options.env ?? process.env;
  const rawUrl = env[URL_VARIABLE];
  if (!rawUrl || !rawUrl.trim()) {
    throw new MlportalConfigError(
      URL_VARIABLE,
      `${URL_VARIABLE} is not set: set it to the mlportal backend URL, e.g. http://127.0.0.1:8765 (kernels started by \`npm start\` have it)`
    );
  }
  const url = checkedBaseUrl(rawUrl, URL_VARIABLE);
  const token = env[TOKEN_VARIABLE]?.trim();
  if (options.requireToken && !token) {
    throw new MlportalConfigError(
      TOKEN_VARIABLE,
      `${TOKEN_VARIABLE} is not set: set it to an mlportal API token (kernels started by \`npm start\` have it)`
    );
  }
  return new Client({ url, token });
}

/** Health of the backend at MLPORTAL_URL (no token needed). */
export async function health(): Promise<Health> {
  return clientFromEnv().health();
}

/** Who MLPORTAL_TOKEN belongs to: name, roles, permissions. */
export async function whoami(): Promise<WhoAmI> {
  return clientFromEnv({ requireToken: true }).whoami();
}

/**
 * The feature store through MLPORTAL_URL and MLPORTAL_TOKEN, read at each call:
 * `import { features } from '@mlportal/sdk'`.
 */
export const features: NodeFeaturesApi = new NodeFeaturesApi(() => clientFromEnv({ requireToken: true }));

/** The feature store, file transfers included, through a client of your own. */
export function featuresOf(client: Client): NodeFeaturesApi {
  return new NodeFeaturesApi(client);
}

/** Experiments through MLPORTAL_URL and MLPORTAL_TOKEN, read at each call. */
export const experiments: ExperimentsApi = new ExperimentsApi(() => clientFromEnv({ requireToken: true }));

/**
 * Runs through MLPORTAL_URL and MLPORTAL_TOKEN, read at each call, with the origin the kernel can
 * tell (notebook, kernel, git commit): `import { runs } from '@mlportal/sdk'`.
 */
export const runs: NodeRunsApi = new NodeRunsApi(() => clientFromEnv({ requireToken: true }));

/** The model registry through MLPORTAL_URL and MLPORTAL_TOKEN, read at each call: `import { models } from '@mlportal/sdk'`. */
export const models: NodeModelsApi = new NodeModelsApi(() => clientFromEnv({ requireToken: true }));

/** Runs, with detected origin and file uploads, through a client of your own. */
export function runsOf(client: Client): NodeRunsApi {
  return new NodeRunsApi(client);
}

/** The model registry, files included, through a client of your own. */
export function modelsOf(client: Client): NodeModelsApi {
  return new NodeModelsApi(client);
}
