import { defineRoute } from '../../api/route';
import {
  CreateEntityRequestSchema,
  CreateGroupRequestSchema,
  EntityListSchema,
  EntityParamsSchema,
  EntitySchema,
  GroupListSchema,
  GroupParamsSchema,
  GroupSchema,
  GroupUpdateResultSchema,
  GroupVersionListSchema,
  GroupVersionParamsSchema,
  GroupVersionSchema,
  PreviewQuerySchema,
  PreviewSchema,
  UpdateEntityRequestSchema,
  UpdateGroupRequestSchema
} from '@mlportal/contract';

const tag = 'features';

export const createEntityRoute = defineRoute({
  method: 'post',
  path: '/api/v1/features/entities',
  operationId: 'createFeatureEntity',
  summary: 'Define an entity: a name and the join keys that identify one (e.g. an airport by origin)',
  tag,
  access: 'features:define',
  body: CreateEntityRequestSchema,
  response: { status: 201, schema: EntitySchema, description: 'The new entity' },
  errors: [404, 409],
  async handler({ body, context }) {
    return context.services.features.entities.create(body, context.principal);
  }
});

export const listEntitiesRoute = defineRoute({
  method: 'get',
  path: '/api/v1/features/entities',
  operationId: 'listFeatureEntities',
  summary: 'Every entity, by name',
  tag,
  access: 'features:read',
  response: { status: 200, schema: EntityListSchema, description: 'The entities' },
  async handler({ context }) {
    return { entities: await context.services.features.entities.list() };
  }
});

export const getEntityRoute = defineRoute({
  method: 'get',
  path: '/api/v1/features/entities/:name',
  operationId: 'getFeatureEntity',
  summary: 'One entity',
  tag,
  access: 'features:read',
  params: EntityParamsSchema,
  response: { status: 200, schema: EntitySchema, description: 'The entity' },
  errors: [404],
  async handler({ params, context }) {
    return context.services.features.entities.get(params.name);
  }
});

export const updateEntityRoute = defineRoute({
  method: 'put',
  path: '/api/v1/features/entities/:name',
  operationId: 'updateFeatureEntity',
  summary: "Edit an entity's description or owner (join keys never change)",
  tag,
  access: 'features:define',
  params: EntityParamsSchema,
  body: UpdateEntityRequestSchema,
  response: { status: 200, schema: EntitySchema, description: 'The entity as now stored' },
  errors: [404, 409],
  async handler({ params, body, context }) {
    return context.services.features.entities.update(params.name, body);
  }
});

export const createGroupRoute = defineRoute({
  method: 'post',
  path: '/api/v1/features/groups',
  operationId: 'createFeatureGroup',
  summary: 'Define a feature group (version 1): its entity, event-time column and typed features',
  tag,
  access: 'features:define',
  body: CreateGroupRequestSchema,
  response: { status: 201, schema: GroupSchema, description: 'The new group' },
  errors: [404, 409],
  async handler({ body, context }) {
    return context.services.features.groups.create(body, context.principal);
  }
});

export const listGroupsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/features/groups',
  operationId: 'listFeatureGroups',
  summary: 'Every feature group with its current version and freshness, by name',
  tag,
  access: 'features:read',
  response: { status: 200, schema: GroupListSchema, description: 'The groups' },
  async handler({ context }) {
    return { groups: await context.services.features.groups.list() };
  }
});

export const getGroupRoute = defineRoute({
  method: 'get',
  path: '/api/v1/features/groups/:name',
  operationId: 'getFeatureGroup',
  summary: 'One feature group',
  tag,
  access: 'features:read',
  params: GroupParamsSchema,
  response: { status: 200, schema: GroupSchema, description: 'The group' },
  errors: [404],
  async handler({ params, context }) {
    return context.services.features.groups.get(params.name);
  }
});

export const updateGroupRoute = defineRoute({
  method: 'put',
  path: '/api/v1/features/groups/:name',
  operationId: 'updateFeatureGroup',
  summary: 'Replace a group’s definition: metadata changes in place, a breaking schema change makes a new (empty) version',
  description:
    'Send the revision you read (expectedRevision). Omitted description, owner, tags and online keep their values. ' +
    'Breaking: entity or join keys, event time, a feature added, removed or retyped.',
  tag,
  access: 'features:define',
  params: GroupParamsSchema,
  body: UpdateGroupRequestSchema,
  response: {
    status: 200,
    schema: GroupUpdateResultSchema,
    description: 'The group as now stored, whether a version was made, and what changed'
  },
  errors: [404, 409],
  async handler({ params, body, context }) {
    return context.services.features.groups.update(params.name, body, context.principal);
  }
});

export const listGroupVersionsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/features/groups/:name/versions',
  operationId: 'listFeatureGroupVersions',
  summary: 'Every schema version of a group, oldest first, with freshness and statistics',
  tag,
  access: 'features:read',
  params: GroupParamsSchema,
  response: { status: 200, schema: GroupVersionListSchema, description: 'The versions' },
  errors: [404],
  async handler({ params, context }) {
    return { versions: await context.services.features.groups.listVersions(params.name) };
  }
});

export const getGroupVersionRoute = defineRoute({
  method: 'get',
  path: '/api/v1/features/groups/:name/versions/:version',
  operationId: 'getFeatureGroupVersion',
  summary: 'One version of a group (a number, or "current"): its schema, freshness and per-feature statistics',
  tag,
  access: 'features:read',
  params: GroupVersionParamsSchema,
  response: { status: 200, schema: GroupVersionSchema, description: 'The version' },
  errors: [404],
  async handler({ params, context }) {
    return context.services.features.groups.getVersion(params.name, params.version);
  }
});

export const previewGroupRoute = defineRoute({
  method: 'get',
  path: '/api/v1/features/groups/:name/versions/:version/preview',
  operationId: 'previewFeatureGroup',
  summary: 'The latest rows of a group version, newest event time first',
  tag,
  access: 'features:read-rows',
  params: GroupVersionParamsSchema,
  query: PreviewQuerySchema,
  response: { status: 200, schema: PreviewSchema, description: 'Up to `limit` rows (default 20)' },
  errors: [404],
  async handler({ params, query, context }) {
    return context.services.features.preview(params.name, params.version, query.limit);
  }
});

export const catalogRoutes = [
  createEntityRoute,
  listEntitiesRoute,
  getEntityRoute,
  updateEntityRoute,
  createGroupRoute,
  listGroupsRoute,
  getGroupRoute,
  updateGroupRoute,
  listGroupVersionsRoute,
  getGroupVersionRoute,
  previewGroupRoute
];
