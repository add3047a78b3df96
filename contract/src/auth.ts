import { z } from 'zod';
import { PERMISSIONS } from './permissions';
import { RoleSchema } from './roles';

const timestamp = z.iso.datetime();

export const WhoAmISchema = z
  .object({
    tokenId: z.string(),
    name: z.string(),
    roles: z.array(RoleSchema),
    permissions: z.array(z.enum(PERMISSIONS as [string, ...string[]])).meta({ description: 'Every permission the roles grant' })
  })
  .meta({ id: 'WhoAmI' });

export const CreateTokenRequestSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .meta({ description: 'What the token is for' }),
    roles: z
      .array(RoleSchema)
      .min(1, 'must name at least one role')
      .refine((roles) => new Set(roles).size === roles.length, 'must not repeat a role')
      .meta({ uniqueItems: true })
  })
  .meta({ id: 'CreateTokenRequest' });

export const CreatedTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    roles: z.array(RoleSchema),
    createdAt: timestamp,
    token: z.string().meta({ description: 'The token value: shown here once and never again (only its hash is stored)' })
  })
  .meta({ id: 'CreatedToken' });

export const TokenSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    roles: z.array(RoleSchema),
    createdAt: timestamp,
    createdBy: z.string().meta({ description: 'Id of the token that created this one, or "bootstrap"' }),
    lastUsedAt: timestamp.optional().meta({ description: 'Refreshed at most every few minutes' }),
    revokedAt: timestamp.optional()
  })
  .meta({ id: 'TokenSummary' });

export const TokenListSchema = z.object({ tokens: z.array(TokenSummarySchema) }).meta({ id: 'TokenList' });

export const TokenIdParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });
