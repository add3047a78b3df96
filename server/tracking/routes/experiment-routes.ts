import { defineRoute } from '../../api/route';
import {
  CreateExperimentRequestSchema,
  ExperimentListSchema,
  ExperimentParamsSchema,
  ExperimentSchema,
  ListExperimentsQuerySchema,
  UpdateExperimentRequestSchema
} from '@mlportal/contract';

const tag = 'tracking';

export const createExperimentRoute = defineRoute({
  method: 'post',
  path: '/api/v1/experiments',
  operationId: 'createExperiment',
  summary: 'Create an experiment (names are unique)',
  tag,
  access: 'experiments:write',
  body: CreateExperimentRequestSchema,
  response: { status: 201, schema: ExperimentSchema, description: 'The experiment' },
  errors: [409],
  async handler({ body, context }) {
    return context.services.tracking.experiments.create(body, context.principal.name);
  }
});

export const listExperimentsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/experiments',
  operationId: 'listExperiments',
  summary: 'Experiments in name order: all, by exact name, or with names containing a text (ignoring case)',
  tag,
  access: 'experiments:read',
  query: ListExperimentsQuerySchema,
  response: { status: 200, schema: ExperimentListSchema, description: 'A page of experiments' },
  async handler({ query, context }) {
    return context.services.tracking.experiments.list(query);
  }
});

export const getExperimentRoute = defineRoute({
  method: 'get',
  path: '/api/v1/experiments/:experimentId',
  operationId: 'getExperiment',
  summary: 'One experiment ("0" is the default experiment)',
  tag,
  access: 'experiments:read',
  params: ExperimentParamsSchema,
  response: { status: 200, schema: ExperimentSchema, description: 'The experiment' },
  errors: [404],
  async handler({ params, context }) {
    return context.services.tracking.experiments.get(params.experimentId);
  }
});

export const updateExperimentRoute = defineRoute({
  method: 'patch',
  path: '/api/v1/experiments/:experimentId',
  operationId: 'updateExperiment',
  summary: 'Rename an experiment, change its description or set tags, with the revision read',
  tag,
  access: 'experiments:write',
  params: ExperimentParamsSchema,
  body: UpdateExperimentRequestSchema,
  response: { status: 200, schema: ExperimentSchema, description: 'The experiment' },
  errors: [404, 409],
  async handler({ params, body, context }) {
    return context.services.tracking.experiments.update(params.experimentId, body, context.principal.name);
  }
});

export const experimentRoutes = [createExperimentRoute, listExperimentsRoute, getExperimentRoute, updateExperimentRoute];
