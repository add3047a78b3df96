/** The route kit's access control (api/route.ts), built from auth: bearer tokens checked by the token service, permissions by role. */
import type { AccessControl } from '../../api/route';
import { authenticateRequest, authorize } from '../../auth/authenticate';
import type { TokenService } from '../../auth/token-service';

export function accessControlOf(tokens: TokenService): AccessControl {
  return {
    authenticate: (authorization, permission) => authenticateRequest(authorization, permission, tokens),
    authorize
  };
}
