/** The rows rule (rows.ts) as a function: which roles may read rows, and what an unclassified record needs. */
import { BACKEND_READER, mayReadRows, requireMayRead, RowsForbiddenError } from './rows';
import { ROLES } from '@mlportal/contract';

describe('the rows rule', () => {
  it('lets every role but business read rows, as features:read-rows says', () => {
    expect(ROLES.filter((role) => mayReadRows({ roles: [role] }))).toEqual(ROLES.filter((role) => role !== 'business'));
    expect(mayReadRows({ roles: ['business', 'data-analyst'] })).toBe(true);
    expect(mayReadRows(BACKEND_READER)).toBe(true);
  });

  it('asks nothing more for data not classified as rows', () => {
    expect(() => requireMayRead({ roles: ['business'] }, {}, 'a report')).not.toThrow();
    expect(() => requireMayRead({ roles: ['business'] }, { rows: false }, 'a report')).not.toThrow();
  });

  it('refuses rows to business with a 403 naming the data, the permission and who holds it', () => {
    let caught: unknown;
    try {
      requireMayRead({ roles: ['business'] }, { rows: true }, 'artifact "p.csv" of run r1');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RowsForbiddenError);
    expect(caught).toMatchObject({
      status: 403,
      code: 'forbidden',
      details: { permission: 'features:read-rows', tokenRoles: ['business'] }
    });
    expect((caught as Error).message).toBe(
      'artifact "p.csv" of run r1 holds data rows, so reading it needs the features:read-rows permission, held by the roles ' +
        'data-engineer, ml-engineer, data-analyst, ml-service-engineer, product-manager, admin; your token has business'
    );
  });
});
