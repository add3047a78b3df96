export { Client, type ClientOptions, type RequestOptions } from './client';
export { clientFromEnv, health, whoami, TOKEN_VARIABLE, URL_VARIABLE } from './env';
export { MlportalApiError, MlportalConfigError, MlportalConnectionError, MlportalError } from './errors';
export type { Environment, ErrorBody, Health, WhoAmI } from './types';
