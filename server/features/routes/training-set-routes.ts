import { defineRoute, FileReply } from '../../api/route';
import {
  ColumnarDataSchema,
  CreateTrainingSetRequestSchema,
  EntityFileQuerySchema,
  EntityFileSchema,
  TrainingSetDataQuerySchema,
  TrainingSetJsonRowsSchema,
  TrainingSetListSchema,
  TrainingSetParamsSchema,
  TrainingSetSchema
} from '@mlportal/contract';
import { DOWNLOAD_CONTENT_TYPES } from '../training-sets';
import { requireUpload, UPLOAD_MEDIA_TYPES, uploadFormat } from '../../api/upload';

const tag = 'features';

export const uploadEntityFileRoute = defineRoute({
  method: 'post',
  path: '/api/v1/features/entity-files',
  operationId: 'uploadEntityFile',
  summary: 'Upload entity rows (Parquet, CSV or NDJSON) for a training set too large to send inline; answers its id',
  tag,
  access: 'training-sets:create',
  query: EntityFileQuerySchema,
  upload: { mediaTypes: Object.keys(UPLOAD_MEDIA_TYPES), description: 'The entity rows; say the format with ?format= or the Content-Type' },
  response: { status: 201, schema: EntityFileSchema, description: 'The stored file; pass its id as entities.file' },
  async handler({ query, upload, context }) {
    const body = requireUpload(upload);
    return context.services.features.uploadEntityFile(body.stream, uploadFormat(body, query.format), context.principal);
  }
});

export const createTrainingSetRoute = defineRoute({
  method: 'post',
  path: '/api/v1/features/training-sets',
  operationId: 'createTrainingSet',
  summary: 'Build a point-in-time training set: each entity row gets the latest feature values at or before its timestamp',
  description:
    'Values after the row’s timestamp are never used; with maxAgeSeconds, older values come back null. The result is recorded with the group versions it read.',
  tag,
  access: 'training-sets:create',
  body: CreateTrainingSetRequestSchema,
  response: { status: 201, schema: TrainingSetSchema, description: 'The training set record' },
  errors: [404, 422],
  async handler({ body, context }) {
    return context.services.features.trainingSets.create(body, context.principal);
  }
});

export const listTrainingSetsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/features/training-sets',
  operationId: 'listTrainingSets',
  summary: 'Every training set record, newest first (no rows)',
  tag,
  access: 'features:read',
  response: { status: 200, schema: TrainingSetListSchema, description: 'The records' },
  async handler({ context }) {
    return { trainingSets: await context.services.features.trainingSets.list() };
  }
});

export const getTrainingSetRoute = defineRoute({
  method: 'get',
  path: '/api/v1/features/training-sets/:id',
  operationId: 'getTrainingSet',
  summary: 'One training set record: features with their group versions, time range, row count (no rows)',
  tag,
  access: 'features:read',
  params: TrainingSetParamsSchema,
  response: { status: 200, schema: TrainingSetSchema, description: 'The record' },
  errors: [404],
  async handler({ params, context }) {
    return context.services.features.trainingSets.get(params.id);
  }
});

export const downloadTrainingSetRoute = defineRoute({
  method: 'get',
  path: '/api/v1/features/training-sets/:id/data',
  operationId: 'downloadTrainingSet',
  summary: 'The training set’s rows as a file: Parquet (default), CSV or JSON',
  tag,
  access: 'features:read-rows',
  params: TrainingSetParamsSchema,
  query: TrainingSetDataQuerySchema,
  response: {
    status: 200,
    mediaTypes: [...new Set(Object.values(DOWNLOAD_CONTENT_TYPES).map((t) => t.split(';')[0]))],
    mediaTypeSchemas: { 'application/json': TrainingSetJsonRowsSchema },
    description: 'The file'
  },
  errors: [404],
  async handler({ params, query, context }) {
    const file = await context.services.features.trainingSets.download(params.id, query.format ?? 'parquet', context.principal);
    return new FileReply(file.stream, file.contentType, { fileName: file.fileName, bytes: file.bytes });
  }
});

export const trainingSetColumnsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/features/training-sets/:id/columns',
  operationId: 'getTrainingSetColumns',
  summary: 'The training set’s rows as typed columns in one JSON answer (the SDK’s form); 413 when too large, naming the file download',
  tag,
  access: 'features:read-rows',
  params: TrainingSetParamsSchema,
  response: { status: 200, schema: ColumnarDataSchema, description: 'Columns and their values' },
  errors: [404, 413],
  async handler({ params, context }) {
    return context.services.features.trainingSets.columnar(params.id, context.principal);
  }
});

export const trainingSetRoutes = [
  uploadEntityFileRoute,
  createTrainingSetRoute,
  listTrainingSetsRoute,
  getTrainingSetRoute,
  downloadTrainingSetRoute,
  trainingSetColumnsRoute
];
