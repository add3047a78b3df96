import type { TranslationBundle } from '@jupyterlab/translation';
import type { Stage, WhoAmI } from '@mlportal/sdk/core';
import { describeRoles } from '../ui/roles';
import { untranslated } from '../ui/untranslated';

/** Every stage, in the registry's order (the order the stage menu offers them). */
export const STAGES: readonly Stage[] = ['none', 'staging', 'production', 'archived'];

/** What the token may do in the registry, read from whoami's permissions (admin holds them all). */
export interface IRegistryPermissions {
  /** Register models and versions (the "Register model" action). */
  register: boolean;
  /** Move versions between none, staging and archived; set and delete aliases. */
  promote: boolean;
  /** Move a version into or out of production. */
  promoteProduction: boolean;
}

export const PERMISSION_NAMES = {
  register: 'models:register',
  promote: 'models:promote',
  promoteProduction: 'models:promote-production'
} as const;

/** Null while the token's identity is unknown (not yet checked, or the backend is unreachable). */
export function registryPermissions(identity: Pick<WhoAmI, 'permissions'> | null): IRegistryPermissions | null {
  if (!identity) {
    return null;
  }
  const has = (permission: string) => identity.permissions.includes(permission);
  return {
    register: has(PERMISSION_NAMES.register),
    promote: has(PERMISSION_NAMES.promote),
    promoteProduction: has(PERMISSION_NAMES.promoteProduction)
  };
}

/** The backend's rule: production in or out needs models:promote-production, any other move models:promote. */
export function mayTransition(permissions: IRegistryPermissions | null, from: Stage, to: Stage): boolean {
  if (!permissions || from === to) {
    return false;
  }
  return from === 'production' || to === 'production' ? permissions.promoteProduction : permissions.promote;
}

/** The stages a version in `from` may be moved to by this token, in the registry's order. */
export function stagesOffered(permissions: IRegistryPermissions | null, from: Stage): Stage[] {
  return STAGES.filter((stage) => mayTransition(permissions, from, stage));
}

/** Why a stage change is not offered, in words naming the permission and roles. */
export function transitionRefusal(
  permissions: IRegistryPermissions | null,
  from: Stage,
  roles: readonly string[] | null,
  trans: TranslationBundle = untranslated
): string | null {
  if (!permissions) {
    return trans.__('Stage changes are offered once the connection to the backend is checked.');
  }
  if (stagesOffered(permissions, from).length > 0) {
    return null;
  }
  const who = describeRoles(roles, trans);
  return from === 'production'
    ? trans.__(
        'Moving a version out of production needs the %1 permission, which %2 does not hold.',
        PERMISSION_NAMES.promoteProduction,
        who
      )
    : trans.__("Changing a version's stage needs the %1 permission, which %2 does not hold.", PERMISSION_NAMES.promote, who);
}
