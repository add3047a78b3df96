import { defineRoute } from '../../api/route';
import { GroupParamsSchema, SearchQuerySchema, SearchResultSchema, UsageQuerySchema, UsageSchema } from '@mlportal/contract';

export const searchFeaturesRoute = defineRoute({
  method: 'get',
  path: '/api/v1/features/search',
  operationId: 'searchFeatures',
  summary: 'Search groups and features by words (names, descriptions, tags), tag, owner, entity and type',
  description: 'Every word of q must match; hits in names rank above hits in descriptions. With type, only features are returned.',
  tag: 'features',
  access: 'features:read',
  query: SearchQuerySchema,
  response: { status: 200, schema: SearchResultSchema, description: 'Best matches first; total counts all matches' },
  async handler({ query, context }) {
    return context.services.features.discovery.search(query);
  }
});

export const featureUsageRoute = defineRoute({
  method: 'get',
  path: '/api/v1/features/groups/:name/usage',
  operationId: 'getFeatureUsage',
  summary: 'Which training sets (and models trained on them) used the group, or one of its features',
  tag: 'features',
  access: 'features:read',
  params: GroupParamsSchema,
  query: UsageQuerySchema,
  response: { status: 200, schema: UsageSchema, description: 'Training sets, newest first, and models' },
  errors: [404],
  async handler({ params, query, context }) {
    return context.services.features.discovery.usage(params.name, query.feature);
  }
});

export const discoveryRoutes = [searchFeaturesRoute, featureUsageRoute];
