/**
 * The one rule for stored data that holds rows (feature values, model inputs, predictions): reading
 * it needs features:read-rows on top of whatever the route itself needs, whichever route reads it.
 * Data carries its classification from the moment it is written (a run artifact's `rows` flag set
 * by its writer: batch scoring, a job that declares row outputs, an upload that says so; training
 * sets, batch inputs and the prediction log hold rows by nature), so a new download path cannot
 * forget it: the services that open such data take the reader and ask here. Listings may show that
 * a file exists, never its content.
 */
import { AppError } from '../platform/errors';
import { type Permission, type Role, roleHas, rolesWith } from '@mlportal/contract';

export const ROWS_PERMISSION: Permission = 'features:read-rows';

/** Who reads: a request's principal, or anything else carrying roles. */
export interface Reader {
  roles: readonly Role[];
}

/**
 * The backend itself reading rows to compute from them (a drift reference profile): nothing it reads
 * this way is handed to a caller.
 */
export const BACKEND_READER: Reader = { roles: ['admin'] };

/** A stored file or record as written: `rows` when it holds rows. */
export interface Classified {
  rows?: boolean;
}

/** 403 naming the data, the permission it needs and who holds it. */
export class RowsForbiddenError extends AppError {
  constructor(what: string, tokenRoles: readonly Role[]) {
    const allowedRoles = rolesWith(ROWS_PERMISSION);
    super(
      403,
      'forbidden',
      `${what} holds data rows, so reading it needs the ${ROWS_PERMISSION} permission, held by the roles ${allowedRoles.join(', ')}; your token has ${tokenRoles.join(', ')}`,
      { permission: ROWS_PERMISSION, allowedRoles, tokenRoles }
    );
  }
}

export function mayReadRows(reader: Reader): boolean {
  return reader.roles.some((role) => roleHas(role, ROWS_PERMISSION));
}

/** Throws RowsForbiddenError unless `reader` may read what `data` holds; `what` names it in the message. */
export function requireMayRead(reader: Reader, data: Classified, what: string): void {
  if (data.rows === true && !mayReadRows(reader)) throw new RowsForbiddenError(what, reader.roles);
}
