import { defineRoute } from '../../api/route';
import {
  GroupParamsSchema,
  IngestFileQuerySchema,
  IngestionListSchema,
  IngestionSchema,
  IngestRowsRequestSchema,
  IngestTransformRequestSchema,
  MaterializeResultSchema
} from '@mlportal/contract';
import { requireUpload, UPLOAD_MEDIA_TYPES, uploadFormat } from '../../api/upload';

const tag = 'features';
const REJECTED =
  '422 rows_rejected: rows break the schema (details.problems: { row, column?, reason }, the first 100; details.problemCount); nothing is stored';

export const ingestFileRoute = defineRoute({
  method: 'post',
  path: '/api/v1/features/groups/:name/ingest/file',
  operationId: 'ingestFeatureFile',
  summary: 'Ingest a file (Parquet, CSV or NDJSON) sent as the raw request body into the group’s current version',
  description: `The body is streamed to disk, never held in memory (413 beyond MLPORTAL_MAX_UPLOAD_BYTES). ${REJECTED}. The ingestion is atomic.`,
  tag,
  access: 'features:ingest',
  params: GroupParamsSchema,
  query: IngestFileQuerySchema,
  upload: { mediaTypes: Object.keys(UPLOAD_MEDIA_TYPES), description: 'The file; say its format with ?format= or the Content-Type' },
  response: { status: 201, schema: IngestionSchema, description: 'The committed ingestion' },
  errors: [404, 422],
  async handler({ params, query, upload, context }) {
    const body = requireUpload(upload);
    const format = uploadFormat(body, query.format);
    return context.services.features.ingestUpload(params.name, body.stream, format, context.principal);
  }
});

export const ingestRowsRoute = defineRoute({
  method: 'post',
  path: '/api/v1/features/groups/:name/ingest/rows',
  operationId: 'ingestFeatureRows',
  summary: 'Ingest rows sent as JSON (the SDK’s features.ingest) into the group’s current version',
  description: REJECTED,
  tag,
  access: 'features:ingest',
  params: GroupParamsSchema,
  body: IngestRowsRequestSchema,
  response: { status: 201, schema: IngestionSchema, description: 'The committed ingestion' },
  errors: [404, 422],
  async handler({ params, body, context }) {
    return context.services.features.ingestion.ingestRows(params.name, body.rows, context.principal);
  }
});

export const ingestTransformRoute = defineRoute({
  method: 'post',
  path: '/api/v1/features/groups/:name/ingest/transform',
  operationId: 'ingestFeatureTransform',
  summary: 'Run a SQL SELECT over committed rows of other groups and ingest its result into this group',
  description: `Each source group is a table named after the group. 400 transform_failed when the SQL is refused or fails; ${REJECTED}.`,
  tag,
  access: 'features:ingest',
  params: GroupParamsSchema,
  body: IngestTransformRequestSchema,
  response: { status: 201, schema: IngestionSchema, description: 'The committed ingestion' },
  errors: [404, 422],
  async handler({ params, body, context }) {
    return context.services.features.ingestion.ingestTransform(params.name, body, context.principal);
  }
});

export const listIngestionsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/features/groups/:name/ingestions',
  operationId: 'listFeatureIngestions',
  summary: 'The committed ingestions of a group, every version, oldest first',
  tag,
  access: 'features:read',
  params: GroupParamsSchema,
  response: { status: 200, schema: IngestionListSchema, description: 'The ingestions' },
  errors: [404],
  async handler({ params, context }) {
    return { ingestions: await context.services.features.ingestion.list(params.name) };
  }
});

export const materializeRoute = defineRoute({
  method: 'post',
  path: '/api/v1/features/groups/:name/materialize',
  operationId: 'materializeFeatureGroup',
  summary: 'Rebuild the online store of the group’s current version from its offline data (latest row per entity)',
  tag,
  access: 'features:ingest',
  params: GroupParamsSchema,
  response: { status: 200, schema: MaterializeResultSchema, description: 'Entities seen, and how many got newer values' },
  errors: [404, 409],
  async handler({ params, context }) {
    return context.services.features.ingestion.materialize(params.name);
  }
});

export const ingestionRoutes = [ingestFileRoute, ingestRowsRoute, ingestTransformRoute, listIngestionsRoute, materializeRoute];
