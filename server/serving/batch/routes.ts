import { defineRoute, FileReply } from '../../api/route';
import {
  BatchInputParamsSchema,
  BatchInputSchema,
  BatchInputUploadQuerySchema,
  BatchScoringRequestSchema,
  JobSchema
} from '@mlportal/contract';
import { UnsupportedMediaTypeError } from '../../platform/errors';
import { ownEntry } from '../../platform/own';
import type { TableFormat } from './read-table';

const tag = 'batch-scoring';

const MEDIA_TYPES: Record<string, TableFormat | undefined> = {
  'text/csv': 'csv',
  'application/vnd.apache.parquet': 'parquet',
  'application/x-parquet': 'parquet',
  'application/octet-stream': undefined
};
const CONTENT_TYPE: Record<TableFormat, string> = { csv: 'text/csv', parquet: 'application/vnd.apache.parquet' };

export const submitBatchScoringRoute = defineRoute({
  method: 'post',
  path: '/api/v1/batch-scoring',
  operationId: 'submitBatchScoring',
  summary:
    'Score a training set or an uploaded file with a model version, as a job; predictions.parquet or predictions.csv become its run’s artifacts',
  description:
    'The file’s columns are matched to the version’s feature names (ONNX metadata "feature_names"), or, for a model with one input per value, to its input names. ' +
    'The output has the input columns and one column per model output. Checked before anything is submitted: the version, the rows, the columns.',
  tag,
  access: 'batch-scoring:submit',
  body: BatchScoringRequestSchema,
  response: { status: 201, schema: JobSchema, description: 'The scoring job, queued' },
  errors: [404],
  async handler({ body, context }) {
    return context.services.serving.batch.submit(body, context.principal);
  }
});

export const uploadBatchInputRoute = defineRoute({
  method: 'post',
  path: '/api/v1/batch-scoring/inputs',
  operationId: 'uploadBatchScoringInput',
  summary: 'Upload a CSV (header row) or Parquet file to score; answers its id, rows and columns',
  tag,
  access: 'batch-scoring:submit',
  query: BatchInputUploadQuerySchema,
  upload: { mediaTypes: Object.keys(MEDIA_TYPES), description: 'The rows; say the format with ?format= or the Content-Type' },
  response: { status: 201, schema: BatchInputSchema, description: 'The stored file' },
  errors: [413, 415],
  async handler({ query, upload, context }) {
    if (!upload) throw new Error('this route declares an upload');
    const format = query.format ?? (upload.contentType ? ownEntry(MEDIA_TYPES, upload.contentType) : undefined);
    if (!format) {
      throw new UnsupportedMediaTypeError(
        `say the file's format: ?format=csv|parquet, or Content-Type text/csv or application/vnd.apache.parquet (got ${upload.contentType ?? 'no Content-Type'})`
      );
    }
    return context.services.serving.batch.uploadInput(upload.stream, format, context.principal);
  }
});

export const downloadBatchInputRoute = defineRoute({
  method: 'get',
  path: '/api/v1/batch-scoring/inputs/:inputId/data',
  operationId: 'downloadBatchScoringInput',
  summary: 'An uploaded file to score, as it was uploaded (the scoring job reads it here)',
  tag,
  access: 'batch-scoring:submit',
  params: BatchInputParamsSchema,
  response: { status: 200, mediaTypes: Object.values(CONTENT_TYPE), description: 'The file' },
  errors: [404],
  async handler({ params, context }) {
    const { stream, input } = await context.services.serving.batch.inputs.open(params.inputId, context.principal);
    return new FileReply(stream, CONTENT_TYPE[input.format], { fileName: `${input.inputId}.${input.format}`, bytes: input.bytes });
  }
});

export const batchScoringRoutes = [submitBatchScoringRoute, uploadBatchInputRoute, downloadBatchInputRoute];
