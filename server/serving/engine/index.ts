export { ServingEngine } from './engine';
export { DeploymentNotFoundError, VersionNotInDeploymentError } from './errors';
export { versionKey } from './routing';
export type * from './types';
