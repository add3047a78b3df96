import { defineRoute } from '../../api/route';
import { FeatureModelsSchema, FeatureParamsSchema, VersionLineageSchema, VersionParamsSchema } from '@mlportal/contract';

export const versionLineageRoute = defineRoute({
  method: 'get',
  path: '/api/v1/models/:name/versions/:version/lineage',
  operationId: 'getModelVersionLineage',
  summary: 'Where a version came from: its run, training set and the features (with group versions) it was trained on',
  tag: 'models',
  access: 'models:read',
  params: VersionParamsSchema,
  response: {
    status: 200,
    schema: VersionLineageSchema,
    description: 'The version, the run and training set when they still exist, and the features'
  },
  errors: [404],
  async handler({ params, context }) {
    return context.services.registry.lineage(params.name, params.version);
  }
});

export const featureModelsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/lineage/features/:group/:feature',
  operationId: 'getFeatureModels',
  summary: 'Which model versions were trained on a feature (through the training sets that used it, any group version)',
  tag: 'models',
  access: 'models:read',
  params: FeatureParamsSchema,
  response: { status: 200, schema: FeatureModelsSchema, description: 'Model versions, newest first' },
  errors: [404],
  async handler({ params, context }) {
    return context.services.registry.modelsUsingFeature(params.group, params.feature);
  }
});

export const lineageRoutes = [versionLineageRoute, featureModelsRoute];
