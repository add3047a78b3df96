import { defineRoute } from '../../api/route';
import {
  AliasParamsSchema,
  ModelVersionSchema,
  RegisteredModelSchema,
  RevisionQuerySchema,
  SetAliasRequestSchema
} from '@mlportal/contract';

const tag = 'models';

export const setAliasRoute = defineRoute({
  method: 'put',
  path: '/api/v1/models/:name/aliases/:alias',
  operationId: 'setModelAlias',
  summary: 'Point an alias (champion, challenger, …) at a version',
  description: 'expectedRevision is the model’s revision: aliases live on the model.',
  tag,
  access: 'models:promote',
  params: AliasParamsSchema,
  body: SetAliasRequestSchema,
  response: { status: 200, schema: RegisteredModelSchema, description: 'The model with its aliases' },
  errors: [404, 409],
  async handler({ params, body, context }) {
    return context.services.registry.aliases.set(params.name, params.alias, body, context.principal.name);
  }
});

export const getAliasRoute = defineRoute({
  method: 'get',
  path: '/api/v1/models/:name/aliases/:alias',
  operationId: 'getModelAlias',
  summary: 'The version an alias points at',
  tag,
  access: 'models:read',
  params: AliasParamsSchema,
  response: { status: 200, schema: ModelVersionSchema, description: 'The version' },
  errors: [404],
  async handler({ params, context }) {
    return context.services.registry.aliases.get(params.name, params.alias);
  }
});

export const deleteAliasRoute = defineRoute({
  method: 'delete',
  path: '/api/v1/models/:name/aliases/:alias',
  operationId: 'deleteModelAlias',
  summary: 'Remove an alias',
  tag,
  access: 'models:promote',
  params: AliasParamsSchema,
  query: RevisionQuerySchema,
  response: { status: 200, schema: RegisteredModelSchema, description: 'The model without the alias' },
  errors: [404, 409],
  async handler({ params, query, context }) {
    return context.services.registry.aliases.delete(params.name, params.alias, query.expectedRevision, context.principal.name);
  }
});

export const aliasRoutes = [setAliasRoute, getAliasRoute, deleteAliasRoute];
