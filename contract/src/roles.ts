import { z } from 'zod';

/** Every role a token can carry. The permission table (permissions.ts) says what each may do. */
export const ROLES = [
  'data-engineer',
  'ml-engineer',
  'data-analyst',
  'ml-service-engineer',
  'product-manager',
  'business',
  'admin'
] as const;

export type Role = (typeof ROLES)[number];

export const RoleSchema = z.enum(ROLES).meta({ id: 'Role', description: 'A role a token carries; see the permission table.' });
