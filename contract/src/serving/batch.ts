/** The batch-scoring HTTP contract (/api/v1/batch-scoring) as zod schemas. */
import { z } from 'zod';
import { ModelNameSchema } from '../registry';

export const BATCH_OUTPUT_FORMATS = ['parquet', 'csv'] as const;

export const BatchScoringRequestSchema = z
  .strictObject({
    model: ModelNameSchema,
    version: z.number().int().positive(),
    trainingSetId: z.string().min(1).max(128).optional().meta({ description: 'Score this training set’s rows' }),
    inputId: z.string().min(1).max(128).optional().meta({ description: 'Score an uploaded file (POST /api/v1/batch-scoring/inputs)' }),
    format: z
      .enum(BATCH_OUTPUT_FORMATS, { error: 'must be parquet or csv' })
      .meta({ description: 'The predictions file: predictions.parquet or predictions.csv' }),
    queue: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a queue name is lower-case letters, digits and dashes')
      .optional()
  })
  .superRefine((request, ctx) => {
    const given = [request.trainingSetId, request.inputId].filter((v) => v !== undefined).length;
    if (given !== 1)
      ctx.addIssue({ code: 'custom', path: ['trainingSetId'], message: 'name exactly one of trainingSetId and inputId: what to score' });
  })
  .meta({ id: 'BatchScoringRequest' });

export const BatchInputSchema = z
  .object({
    inputId: z.string(),
    format: z.enum(BATCH_OUTPUT_FORMATS),
    bytes: z.number().int(),
    rows: z.number().int(),
    columns: z.array(z.string()),
    createdAt: z.iso.datetime({ offset: true })
  })
  .meta({ id: 'BatchScoringInput' });

export const BatchInputParamsSchema = z.strictObject({ inputId: z.string().min(1).max(64) });

export const BatchInputUploadQuerySchema = z.strictObject({
  format: z
    .enum(BATCH_OUTPUT_FORMATS, { error: 'must be parquet or csv' })
    .optional()
    .meta({ description: 'Default: from the Content-Type' })
});

export type BatchScoringRequest = z.output<typeof BatchScoringRequestSchema>;
