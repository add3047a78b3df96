/** Model decay's HTTP contract: ground-truth labels sent late, model quality over time, and the labelling queue. */
import { z } from 'zod';
import { LoggedPredictionSchema } from '../serving/predictions';
import { MonitoringTaskSchema } from './config';

export const MAX_LABELS_PER_REQUEST = 10_000;
const timestamp = z.iso.datetime({ offset: true });

export const LabelSchema = z.union([z.number(), z.string().min(1).max(200), z.boolean()]).meta({ id: 'GroundTruthLabel' });

export const SendLabelsRequestSchema = z
  .strictObject({
    labels: z
      .array(z.strictObject({ predictionId: z.string().min(1).max(100), label: LabelSchema }))
      .min(1)
      .max(MAX_LABELS_PER_REQUEST, `at most ${MAX_LABELS_PER_REQUEST} labels per request`)
  })
  .meta({
    id: 'SendLabelsRequest',
    description: 'Ground truth for logged predictions; a second label for a prediction replaces the first'
  });

export const SendLabelsResponseSchema = z.object({ accepted: z.number().int() }).meta({ id: 'SendLabelsResponse' });

export const QualityQuerySchema = z.strictObject({
  from: timestamp.optional().meta({ description: 'Default: 7 days before to' }),
  to: timestamp.optional().meta({ description: 'Default: now' }),
  step: z.string().default('1d').meta({ description: 'A whole number of hours: 1h, 6h, 1d, 7d' })
});

export const QualityPointSchema = z
  .object({
    start: timestamp,
    labelled: z.number().int(),
    accuracy: z.number().optional(),
    auc: z.number().optional(),
    logLoss: z.number().optional(),
    rmse: z.number().optional(),
    mae: z.number().optional()
  })
  .meta({ id: 'QualityPoint', description: 'Quality of the predictions made in the step that have a label' });

export const QualityReportSchema = z
  .object({
    deployment: z.string(),
    task: MonitoringTaskSchema,
    from: timestamp,
    to: timestamp,
    step: z.string(),
    series: z.array(QualityPointSchema).meta({ description: 'The served predictions (primary and canary), per step' }),
    total: QualityPointSchema.omit({ start: true }).meta({ description: 'The whole window at once' }),
    byVersion: z.array(
      z.object({
        model: z.string(),
        version: z.number().int(),
        roles: z.array(z.enum(['primary', 'canary', 'shadow'])),
        total: QualityPointSchema.omit({ start: true }),
        series: z.array(QualityPointSchema)
      })
    )
  })
  .meta({ id: 'QualityReport' });

export const LabellingQueueQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export const QueuedPredictionSchema = LoggedPredictionSchema.extend({
  score: z.number().meta({ description: 'P(positive) as configured' })
}).meta({
  id: 'QueuedPrediction',
  description: 'A logged prediction with its score'
});

export const LabellingQueueSchema = z.object({ items: z.array(QueuedPredictionSchema) }).meta({ id: 'LabellingQueue' });

export type SendLabelsRequest = z.output<typeof SendLabelsRequestSchema>;
export type QualityQuery = z.output<typeof QualityQuerySchema>;
export type QualityPoint = z.infer<typeof QualityPointSchema>;
export type QualityReport = z.infer<typeof QualityReportSchema>;
