import { defineRoute } from '../../api/route';
import {
  CreateModelRequestSchema,
  HistorySchema,
  ListModelsQuerySchema,
  ModelArtifactSchema,
  ModelListSchema,
  ModelParamsSchema,
  RegisteredModelSchema,
  RevisionQuerySchema,
  UpdateModelRequestSchema
} from '@mlportal/contract';

const tag = 'models';

export const createModelRoute = defineRoute({
  method: 'post',
  path: '/api/v1/models',
  operationId: 'createModel',
  summary: 'Register a model name (its versions come after)',
  tag,
  access: 'models:register',
  body: CreateModelRequestSchema,
  response: { status: 201, schema: RegisteredModelSchema, description: 'The new model' },
  errors: [409],
  async handler({ body, context }) {
    return context.services.registry.models.create(body, context.principal.name);
  }
});

export const listModelsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/models',
  operationId: 'listModels',
  summary: 'Registered models by name, a page at a time',
  tag,
  access: 'models:read',
  query: ListModelsQuerySchema,
  response: { status: 200, schema: ModelListSchema, description: 'A page of models; nextPageToken when there are more' },
  async handler({ query, context }) {
    return context.services.registry.models.list(query);
  }
});

export const getModelRoute = defineRoute({
  method: 'get',
  path: '/api/v1/models/:name',
  operationId: 'getModel',
  summary: 'One registered model, with its aliases and latest and production versions',
  tag,
  access: 'models:read',
  params: ModelParamsSchema,
  response: { status: 200, schema: RegisteredModelSchema, description: 'The model' },
  errors: [404],
  async handler({ params, context }) {
    return context.services.registry.models.get(params.name);
  }
});

export const updateModelRoute = defineRoute({
  method: 'patch',
  path: '/api/v1/models/:name',
  operationId: 'updateModel',
  summary: "Edit a model's description or tags",
  tag,
  access: 'models:register',
  params: ModelParamsSchema,
  body: UpdateModelRequestSchema,
  response: { status: 200, schema: RegisteredModelSchema, description: 'The model as now stored' },
  errors: [404, 409],
  async handler({ params, body, context }) {
    return context.services.registry.models.update(params.name, body, context.principal.name);
  }
});

export const deleteModelRoute = defineRoute({
  method: 'delete',
  path: '/api/v1/models/:name',
  operationId: 'deleteModel',
  summary: 'Delete a model and its versions (409 while a version is in production)',
  tag,
  access: 'models:delete',
  params: ModelParamsSchema,
  query: RevisionQuerySchema,
  response: { status: 204, description: 'Deleted' },
  errors: [404, 409],
  async handler({ params, query, context }) {
    await context.services.registry.models.delete(params.name, query.expectedRevision, context.principal.name);
  }
});

export const uploadModelArtifactRoute = defineRoute({
  method: 'post',
  path: '/api/v1/models/artifacts',
  operationId: 'uploadModelArtifact',
  summary: 'Upload an ONNX file (the raw body): validated, stored by content hash, then referenced by a new version',
  description:
    'Streamed; 413 past MLPORTAL_MODEL_MAX_BYTES. 422 when the file is not ONNX, refers to external data files, or does not load in onnxruntime. ' +
    'Nothing is kept from a refused or cut-off upload. Uploading the same bytes again answers the same artifact.',
  tag,
  access: 'models:register',
  upload: { mediaTypes: ['application/octet-stream'], description: 'The .onnx file', limit: 'modelMaxBytes' },
  response: { status: 201, schema: ModelArtifactSchema, description: 'The validated artifact and its signature' },
  errors: [413, 422],
  async handler({ upload, context }) {
    if (!upload) throw new Error('this route declares an upload');
    return context.services.registry.artifacts.upload(upload.stream, context.principal.name);
  }
});

export const modelHistoryRoute = defineRoute({
  method: 'get',
  path: '/api/v1/models/:name/history',
  operationId: 'getModelHistory',
  summary: 'Every recorded change to the model, its versions, stages and aliases: who, when, from, to',
  tag,
  access: 'models:read',
  params: ModelParamsSchema,
  response: { status: 200, schema: HistorySchema, description: 'Newest first' },
  errors: [404],
  async handler({ params, context }) {
    return { events: await context.services.registry.history(params.name) };
  }
});

export const modelRoutes = [
  createModelRoute,
  listModelsRoute,
  uploadModelArtifactRoute,
  getModelRoute,
  updateModelRoute,
  deleteModelRoute,
  modelHistoryRoute
];
