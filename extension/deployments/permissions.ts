import type { TranslationBundle } from '@jupyterlab/translation';
import type { WhoAmI } from '@mlportal/sdk/core';
import { describeRoles } from '../ui/roles';
import { untranslated } from '../ui/untranslated';

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

/** "needs <permission>, which the <roles> role does not hold": why an action is not offered; `what` is translated. */
export function missingPermission(
  what: string,
  permission: string,
  roles: readonly string[] | null,
  trans: TranslationBundle = untranslated
): string {
  return trans.__('%1 needs the %2 permission, which %3 does not hold.', what, permission, describeRoles(roles, trans));
}
