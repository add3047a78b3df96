import type { AuthenticatedContext } from '../../api/route';
import { authorize } from '../../auth/authenticate';
import type { Principal } from '../../auth/principal';
import type { RegistryService } from '../service';
import type { PermissionCheck } from '../stages';

/** Who does it, as the registry records it (createdBy, the history's "by"): the token's name. */
export function actorOf(context: AuthenticatedContext): string {
  return context.principal.name;
}

/** For checks a route cannot declare because they depend on the body (production moves): 403 in the auth layer's shape. */
export function permissionCheckFor(principal: Principal): PermissionCheck {
  return (permission) => authorize(principal, permission);
}

export function registryOf(context: AuthenticatedContext): RegistryService {
  return context.services.registry;
}
