import type { WhoAmI } from '@mlportal/sdk/core';

/** What the token may do with deployments, from whoami's permissions (admin holds them all). */
export interface IDeploymentsPermissions {
  /** Deploy, roll out, roll back, delete. */
  manage: boolean;
  /** Deploy a version whose gate failed, giving a reason. */
  overrideGate: boolean;
  /** Send requests to an endpoint (the wizard's test request). */
  sendPredictions: boolean;
}

export const DEPLOYMENT_PERMISSIONS = {
  manage: 'deployments:manage',
  overrideGate: 'deployments:override-gate',
  sendPredictions: 'predictions:send'
} as const;

/** Null while the token's identity is unknown (not yet checked, or the backend is unreachable). */
export function deploymentsPermissions(identity: Pick<WhoAmI, 'permissions'> | null): IDeploymentsPermissions | null {
  if (!identity) {
    return null;
  }
  const has = (permission: string) => identity.permissions.includes(permission);
  return {
    manage: has(DEPLOYMENT_PERMISSIONS.manage),
    overrideGate: has(DEPLOYMENT_PERMISSIONS.overrideGate),
    sendPredictions: has(DEPLOYMENT_PERMISSIONS.sendPredictions)
  };
}

/** "needs <permission>, which the <roles> role does not hold": why an action is not offered. */
export function missingPermission(what: string, permission: string, roles: readonly string[] | null): string {
  const who = roles && roles.length > 0 ? `the ${roles.join(', ')} role${roles.length === 1 ? '' : 's'}` : 'this token';
  return `${what} needs the ${permission} permission, which ${who} does not hold.`;
}
