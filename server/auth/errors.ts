import { AppError } from '../platform/errors';
import type { Permission, Role } from '@mlportal/contract';

/** 401: no usable token. Names the permission the route needs so the caller knows what to ask for. */
export class UnauthenticatedError extends AppError {
  constructor(reason: string, permission: Permission) {
    super(
      401,
      'unauthenticated',
      `${reason}; this endpoint needs a token with the ${permission} permission (Authorization: Bearer <token>)`,
      {
        permission
      }
    );
  }
}

/** 403: a valid token whose roles do not hold the permission. */
export class ForbiddenError extends AppError {
  constructor(permission: Permission, allowedRoles: readonly Role[], tokenRoles: readonly Role[]) {
    super(
      403,
      'forbidden',
      `this needs the ${permission} permission, held by the roles ${allowedRoles.join(', ')}; your token has ${tokenRoles.join(', ')}`,
      { permission, allowedRoles, tokenRoles }
    );
  }
}
