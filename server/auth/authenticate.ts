import { ForbiddenError, UnauthenticatedError } from './errors';
import { type Permission, roleHas, rolesWith } from '@mlportal/contract';
import type { Principal } from '../platform/principal';
import { isWellFormedToken } from './token-format';
import type { TokenService } from './token-service';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** Who sent the request, from its Authorization header; UnauthenticatedError when that cannot be told. */
export async function authenticateRequest(
  authorization: string | undefined,
  permission: Permission,
  tokens: TokenService
): Promise<Principal> {
  if (!authorization) throw new UnauthenticatedError('no Authorization header was sent', permission);
  const match = BEARER.exec(authorization);
  if (!match) throw new UnauthenticatedError('the Authorization header must be "Bearer <token>"', permission);
  const token = match[1];
  // A value that cannot be a token is refused without a store round trip.
  if (!isWellFormedToken(token)) throw new UnauthenticatedError('the bearer token is not recognised', permission);
  return tokens.authenticate(token, permission);
}

export function authorize(principal: Principal, permission: Permission): void {
  if (principal.roles.some((role) => roleHas(role, permission))) return;
  throw new ForbiddenError(permission, rolesWith(permission), principal.roles);
}
