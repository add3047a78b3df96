import type { TranslationBundle } from '@jupyterlab/translation';
import type { IProblem } from '../ui/problem';
import { describeRoles } from '../ui/roles';
import { untranslated } from '../ui/untranslated';

/**
 * Why a group's rows are not shown: the token lacks the row permission (known from whoami before
 * asking, or from the backend's 403). The catalog and statistics stay visible either way.
 */
export function rowsNotVisible(roles: readonly string[] | null, refusal?: IProblem, trans: TranslationBundle = untranslated): IProblem {
  const detail = refusal ? ` ${refusal.message}` : '';
  return {
    message: trans.__('Rows are not visible to %1: the catalog and statistics are.', describeRoles(roles, trans)) + detail,
    status: 403,
    requestId: refusal?.requestId ?? null
  };
}
