import path from 'node:path';
import { defineRoute, FileReply } from '../../api/route';
import { requireUpload } from '../../api/upload';
import {
  ArtifactPathQuerySchema,
  ArtifactPrefixQuerySchema,
  ArtifactPutQuerySchema,
  RunArtifactListSchema,
  RunParamsSchema,
  StoredRunArtifactSchema
} from '@mlportal/contract';

const tag = 'tracking';

export const putRunArtifactRoute = defineRoute({
  method: 'put',
  path: '/api/v1/runs/:runId/artifacts',
  operationId: 'putRunArtifact',
  summary: 'Store a file of a run at a relative path (the body is the bytes, streamed; replaces a file there)',
  description: 'An empty body stores an empty file (size 0), as MLflow does for an empty log or text artifact.',
  tag,
  access: 'experiments:write',
  params: RunParamsSchema,
  query: ArtifactPutQuerySchema,
  upload: { mediaTypes: ['application/octet-stream'], description: 'The file’s bytes' },
  response: { status: 201, schema: StoredRunArtifactSchema, description: 'The stored file' },
  errors: [404, 409, 413],
  async handler({ params, query, upload, context }) {
    return context.services.tracking.artifacts.put(params.runId, query.path, requireUpload(upload).stream, context.principal.name, {
      rows: query.rows
    });
  }
});

export const listRunArtifactsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/runs/:runId/artifacts',
  operationId: 'listRunArtifacts',
  summary: 'The files and folders of a run in one folder (default its root)',
  description: 'Files that hold data rows are listed (rows: true) whoever asks; their content needs features:read-rows.',
  tag,
  access: 'experiments:read',
  params: RunParamsSchema,
  query: ArtifactPrefixQuerySchema,
  response: { status: 200, schema: RunArtifactListSchema, description: 'One folder level' },
  errors: [404],
  async handler({ params, query, context }) {
    return context.services.tracking.artifacts.list(params.runId, query.prefix);
  }
});

export const getRunArtifactRoute = defineRoute({
  method: 'get',
  path: '/api/v1/runs/:runId/artifacts/content',
  operationId: 'getRunArtifact',
  summary: 'The bytes of one file of a run',
  description:
    'A file that holds data rows (listed with rows: true, e.g. batch-scoring output) also needs features:read-rows; without it the answer is 403.',
  tag,
  access: 'experiments:read',
  params: RunParamsSchema,
  query: ArtifactPathQuerySchema,
  response: { status: 200, mediaTypes: ['application/octet-stream'], description: 'The file' },
  errors: [404],
  async handler({ params, query, context }) {
    const file = await context.services.tracking.artifacts.open(params.runId, query.path, context.principal);
    return new FileReply(file.stream, 'application/octet-stream', { fileName: path.posix.basename(query.path), bytes: file.size });
  }
});

export const runArtifactRoutes = [putRunArtifactRoute, listRunArtifactsRoute, getRunArtifactRoute];
