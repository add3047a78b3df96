import { defineRoute, FileReply } from '../../api/route';
import {
  CompareQuerySchema,
  CompareSchema,
  CreateVersionRequestSchema,
  ModelParamsSchema,
  ModelVersionSchema,
  RevisionQuerySchema,
  TransitionRequestSchema,
  UpdateVersionRequestSchema,
  VersionListSchema,
  VersionParamsSchema
} from '@mlportal/contract';

const tag = 'models';

export const createVersionRoute = defineRoute({
  method: 'post',
  path: '/api/v1/models/:name/versions',
  operationId: 'createModelVersion',
  summary: 'Register a new version from an uploaded ONNX artifact; lineage is derived from the run and training set',
  description:
    "runId brings the run's experiment, origin and (unless given) its latest metrics and params; trainingSetId (or the run's) brings the features " +
    'with their group versions. 404 naming an unknown model, artifact, runId or trainingSetId; nothing is written then.',
  tag,
  access: 'models:register',
  params: ModelParamsSchema,
  body: CreateVersionRequestSchema,
  response: { status: 201, schema: ModelVersionSchema, description: 'The new version (stage none)' },
  errors: [404, 409, 422],
  async handler({ params, body, context }) {
    return context.services.registry.versions.create(params.name, body, context.principal.name);
  }
});

export const listVersionsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/models/:name/versions',
  operationId: 'listModelVersions',
  summary: 'Every version of a model, newest first',
  tag,
  access: 'models:read',
  params: ModelParamsSchema,
  response: { status: 200, schema: VersionListSchema, description: 'The versions' },
  errors: [404],
  async handler({ params, context }) {
    return { versions: await context.services.registry.versions.list(params.name) };
  }
});

export const getVersionRoute = defineRoute({
  method: 'get',
  path: '/api/v1/models/:name/versions/:version',
  operationId: 'getModelVersion',
  summary: 'One version: stage, aliases, signature, metrics, params, card, lineage',
  tag,
  access: 'models:read',
  params: VersionParamsSchema,
  response: { status: 200, schema: ModelVersionSchema, description: 'The version' },
  errors: [404],
  async handler({ params, context }) {
    return context.services.registry.versions.get(params.name, params.version);
  }
});

export const updateVersionRoute = defineRoute({
  method: 'patch',
  path: '/api/v1/models/:name/versions/:version',
  operationId: 'updateModelVersion',
  summary: "Edit a version's description, card, tags or metrics",
  tag,
  access: 'models:register',
  params: VersionParamsSchema,
  body: UpdateVersionRequestSchema,
  response: { status: 200, schema: ModelVersionSchema, description: 'The version as now stored' },
  errors: [404, 409],
  async handler({ params, body, context }) {
    return context.services.registry.versions.update(params.name, params.version, body, context.principal.name);
  }
});

export const deleteVersionRoute = defineRoute({
  method: 'delete',
  path: '/api/v1/models/:name/versions/:version',
  operationId: 'deleteModelVersion',
  summary: 'Delete a version (409 while in production); aliases pointing at it go too',
  tag,
  access: 'models:delete',
  params: VersionParamsSchema,
  query: RevisionQuerySchema,
  response: { status: 204, description: 'Deleted' },
  errors: [404, 409],
  async handler({ params, query, context }) {
    await context.services.registry.versions.delete(params.name, params.version, query.expectedRevision, context.principal.name);
  }
});

export const transitionVersionRoute = defineRoute({
  method: 'post',
  path: '/api/v1/models/:name/versions/:version/stage',
  operationId: 'transitionModelVersion',
  summary: 'Move a version to another stage (none, staging, production, archived)',
  description:
    'Moving into or out of production needs models:promote-production (403 naming it). archiveExistingVersions moves the other versions in the ' +
    'target stage to archived. Of two moves from the same revision, one wins; the other gets 409 stale_revision.',
  tag,
  access: 'models:promote',
  params: VersionParamsSchema,
  body: TransitionRequestSchema,
  response: { status: 200, schema: ModelVersionSchema, description: 'The version in its new stage' },
  errors: [404, 409],
  async handler({ params, body, context }) {
    return context.services.registry.versions.transition(params.name, params.version, body, context.principal);
  }
});

export const downloadVersionArtifactRoute = defineRoute({
  method: 'get',
  path: '/api/v1/models/:name/versions/:version/artifact',
  operationId: 'downloadModelVersionArtifact',
  summary: "The version's ONNX file",
  tag,
  access: 'models:read',
  params: VersionParamsSchema,
  response: { status: 200, mediaTypes: ['application/octet-stream'], description: 'The .onnx file (<name>-v<version>.onnx)' },
  errors: [404],
  async handler({ params, context }) {
    const download = await context.services.registry.versions.artifact(params.name, params.version);
    return new FileReply(download.stream, 'application/octet-stream', { fileName: download.fileName, bytes: download.size });
  }
});

export const compareVersionsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/models/:name/compare',
  operationId: 'compareModelVersions',
  summary: 'Two to five versions side by side: metrics, params, signatures, lineage',
  tag,
  access: 'models:read',
  params: ModelParamsSchema,
  query: CompareQuerySchema,
  response: { status: 200, schema: CompareSchema, description: 'The versions in the order asked, with metrics and params by key' },
  errors: [404],
  async handler({ params, query, context }) {
    return context.services.registry.compare(params.name, query.versions);
  }
});

export const versionRoutes = [
  createVersionRoute,
  listVersionsRoute,
  getVersionRoute,
  updateVersionRoute,
  deleteVersionRoute,
  transitionVersionRoute,
  downloadVersionArtifactRoute,
  compareVersionsRoute
];
