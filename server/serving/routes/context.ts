import type { AuthenticatedContext } from '../../api/route';
import { authorize } from '../../auth/authenticate';
import type { Caller } from '../deployments/catalog';
import type { ServingService } from '../service';

/** Who acts (recorded as createdBy / by), with the check for permissions that depend on the body (a gate override). */
export function callerOf(context: AuthenticatedContext): Caller {
  const { principal } = context;
  return { name: principal.name, authorize: (permission) => authorize(principal, permission) };
}

export function servingOf(context: AuthenticatedContext): ServingService {
  return context.services.serving;
}
