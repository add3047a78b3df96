import { defineRoute } from '../api/route';
import {
  CreatedTokenSchema,
  CreateTokenRequestSchema,
  permissionsOf,
  TokenIdParamsSchema,
  TokenListSchema,
  WhoAmISchema
} from '@mlportal/contract';

const tag = 'auth';

export const whoAmIRoute = defineRoute({
  method: 'get',
  path: '/api/v1/auth/whoami',
  operationId: 'whoAmI',
  summary: 'The calling token: its id, name, roles and the permissions they grant',
  tag,
  access: 'session:read',
  response: { status: 200, schema: WhoAmISchema, description: 'The caller' },
  async handler({ context: { principal } }) {
    return { tokenId: principal.tokenId, name: principal.name, roles: principal.roles, permissions: permissionsOf(principal.roles) };
  }
});

export const createTokenRoute = defineRoute({
  method: 'post',
  path: '/api/v1/auth/tokens',
  operationId: 'createToken',
  summary: 'Create an API token; its value is in this answer only',
  tag,
  access: 'tokens:create',
  body: CreateTokenRequestSchema,
  response: { status: 201, schema: CreatedTokenSchema, description: 'The new token, with its value' },
  async handler({ body, context }) {
    const { record, token } = await context.services.tokens.create({ ...body, createdBy: context.principal.tokenId });
    return { id: record.id, name: record.name, roles: record.roles, createdAt: record.createdAt, token };
  }
});

export const listTokensRoute = defineRoute({
  method: 'get',
  path: '/api/v1/auth/tokens',
  operationId: 'listTokens',
  summary: 'Every token, revoked ones included (never their values)',
  tag,
  access: 'tokens:list',
  response: { status: 200, schema: TokenListSchema, description: 'The tokens, oldest first' },
  async handler({ context }) {
    return { tokens: await context.services.tokens.list() };
  }
});

export const revokeTokenRoute = defineRoute({
  method: 'delete',
  path: '/api/v1/auth/tokens/:id',
  operationId: 'revokeToken',
  summary: 'Revoke a token: it stops working at once. The last active admin token cannot be revoked',
  tag,
  access: 'tokens:revoke',
  params: TokenIdParamsSchema,
  response: { status: 204, description: 'Revoked' },
  errors: [404, 409],
  async handler({ params, context }) {
    await context.services.tokens.revoke(params.id, context.principal.tokenId);
  }
});

export const authRoutes = [whoAmIRoute, createTokenRoute, listTokensRoute, revokeTokenRoute];
