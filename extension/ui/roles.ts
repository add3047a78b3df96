import type { TranslationBundle } from '@jupyterlab/translation';
import { untranslated } from './untranslated';

/**
 * Who a refusal is about, for sentences such as "…needs the models:promote permission, which %1
 * does not hold": "the viewer role", "the analyst, viewer roles", or "this token" while the token's
 * roles are unknown.
 */
export function describeRoles(roles: readonly string[] | null, trans: TranslationBundle = untranslated): string {
  return roles && roles.length > 0 ? trans._n('the %2 role', 'the %2 roles', roles.length, roles.join(', ')) : trans.__('this token');
}
