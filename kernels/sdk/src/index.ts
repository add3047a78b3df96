// The Node entry (notebooks, jobs): the browser-safe core plus the functions that read process.env.
export * from './core';
export { clientFromEnv, health, whoami, TOKEN_VARIABLE, URL_VARIABLE } from './env';
export type { Environment } from './types';
