import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { allRoutes } from '../composition/routes';
import { registryPermissionsCheckedInHandlers } from '../registry/routes';
import { servingPermissionsCheckedInHandlers } from '../serving/routes';
import { PERMISSIONS, permissionsOf, renderPermissionTable, roleHas, ROLES, rolesWith } from '@mlportal/contract';

describe('the permission table', () => {
  it('gives admin every permission', () => {
    for (const permission of PERMISSIONS) expect(roleHas('admin', permission)).toBe(true);
    expect(permissionsOf(['admin'])).toEqual(PERMISSIONS);
  });

  it('lets every role read its own session, and only admin manage tokens', () => {
    expect(rolesWith('session:read')).toEqual([...ROLES]);
    for (const permission of ['tokens:create', 'tokens:list', 'tokens:revoke'] as const) expect(rolesWith(permission)).toEqual(['admin']);
  });

  it('lets every role read the feature catalog, only data engineers define and ingest, and keeps rows from business', () => {
    expect(rolesWith('features:read')).toEqual([...ROLES]);
    expect(rolesWith('features:define')).toEqual(['data-engineer', 'admin']);
    expect(rolesWith('features:ingest')).toEqual(['data-engineer', 'admin']);
    expect(rolesWith('features:read-rows')).toEqual(ROLES.filter((role) => role !== 'business'));
    expect(rolesWith('training-sets:create')).toEqual(['data-engineer', 'ml-engineer', 'data-analyst', 'admin']);
  });

  it('unions the permissions of several roles', () => {
    expect(permissionsOf(['business'])).toEqual([
      'session:read',
      'features:read',
      'experiments:read',
      'models:read',
      'jobs:read',
      'deployments:read',
      'monitoring:read'
    ]);
    expect(permissionsOf(['business', 'data-analyst'])).toEqual([
      'session:read',
      'features:read',
      'features:read-rows',
      'training-sets:create',
      'experiments:read',
      'experiments:write',
      'models:read',
      'models:register',
      'jobs:read',
      'jobs:read-logs',
      'jobs:submit',
      'jobs:cancel',
      'batch-scoring:submit',
      'deployments:read',
      'predictions:send',
      'predictions:read',
      'monitoring:read',
      'monitoring:configure',
      'labels:write',
      'alerts:manage'
    ]);
    expect(permissionsOf(['business', 'admin'])).toEqual(PERMISSIONS);
  });

  it('has a row for every permission a route needs, and no row that no route uses', () => {
    const used = new Set([
      ...allRoutes.map((route) => route.access).filter((access) => access !== 'public'),
      ...registryPermissionsCheckedInHandlers,
      ...servingPermissionsCheckedInHandlers
    ]);
    expect([...used].sort()).toEqual([...PERMISSIONS].sort());
  });

  it('renders as markdown with a column per role and ✓ marks', () => {
    const lines = renderPermissionTable().split('\n');
    expect(lines[0]).toBe(`| Permission | What it allows | ${ROLES.join(' | ')} |`);
    expect(lines).toHaveLength(2 + PERMISSIONS.length);
    const tokensCreate = lines.find((line) => line.startsWith('| `tokens:create`'))!;
    expect(tokensCreate.split('|').filter((cell) => cell.trim() === '✓')).toHaveLength(1);
    const sessionRead = lines.find((line) => line.startsWith('| `session:read`'))!;
    expect(sessionRead.split('|').filter((cell) => cell.trim() === '✓')).toHaveLength(ROLES.length);
  });

  it('is what docs/api.md shows between the permissions markers', () => {
    const file = path.join(__dirname, '..', '..', 'docs', 'api.md');
    const page = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const match = /<!-- permissions:start -->\n([\s\S]*?)\n<!-- permissions:end -->/.exec(page);
    if (!match)
      throw new Error(`${file} must hold the permission table between <!-- permissions:start --> and <!-- permissions:end --> lines`);
    expect(match[1]).toBe(renderPermissionTable());
  });
});
