// The Node entry (notebooks, jobs): the browser-safe core plus the functions that read process.env
// and the feature store's file transfers.
export * from './core';
export { clientFromEnv, features, featuresOf, health, whoami, TOKEN_VARIABLE, URL_VARIABLE } from './env';
export { NodeFeaturesApi, type DownloadedFile, type DownloadOptions, type FileOptions } from './features/files';
export type { Environment } from './types';
