/** The engine's error answers; routes map them (the house error middleware, or the v2 protocol's form). */
import { AppError } from '../../platform/errors';

/** 404: no deployment of that name is being served. */
export class DeploymentNotFoundError extends AppError {
  constructor(name: string) {
    super(404, 'deployment_not_found', `no deployment named ${JSON.stringify(name)} is being served`, { deployment: name });
  }
}

/** 404: the deployment exists but does not route to that version. */
export class VersionNotInDeploymentError extends AppError {
  constructor(name: string, version: number | string, served: number[]) {
    super(
      404,
      'version_not_in_deployment',
      `deployment ${JSON.stringify(name)} has no version ${version}; it serves version${served.length === 1 ? '' : 's'} ${served.join(', ')}`,
      { deployment: name, version, served }
    );
  }
}
