/**
 * The prediction log's records and the JSON predict form: what a client sends to
 * POST /api/v1/deployments/:name/predict and gets back, and what each predicted row leaves behind.
 */
import { z } from 'zod';

const timestamp = z.iso.datetime({ offset: true });
const keyValue = z.union([z.string(), z.number(), z.boolean()]);

export const LoggedPredictionSchema = z
  .object({
    id: z.string(),
    deployment: z.string(),
    model: z.string(),
    version: z.number().int(),
    role: z.enum(['primary', 'canary', 'shadow']),
    requestId: z.string(),
    at: timestamp,
    latencyMs: z.number(),
    features: z
      .record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()]))
      .nullable()
      .meta({ description: 'By name, when the version has feature names (one 2-D input); null otherwise' }),
    inputs: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({ description: 'This row of each input when features is null; arrays over 256 values become {truncated: true, length}' }),
    entityKeys: z.record(z.string(), keyValue).nullable(),
    outputs: z.record(z.string(), z.unknown()).meta({ description: 'This row of each output (a scalar when the row has one value)' }),
    prediction: z.union([z.number(), z.string(), z.boolean(), z.null()]).meta({ description: "The first output's first value of the row" })
  })
  .meta({ id: 'LoggedPrediction' });

export const LoggedPredictionListSchema = z.object({ predictions: z.array(LoggedPredictionSchema) }).meta({ id: 'LoggedPredictionList' });

export const PredictionListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: 'Only predictions made before this time (the previous page’s last `at`)' }),
  role: z.enum(['primary', 'canary', 'shadow']).optional()
});

export const PredictionParamsSchema = z.strictObject({
  id: z.string().regex(/^pred_[0-9a-z]{1,64}$/, 'a prediction id looks like pred_ followed by letters and digits')
});

const instance = z.union([z.array(z.unknown()), z.number(), z.string(), z.boolean(), z.record(z.string(), z.unknown())]);

export const PredictRequestSchema = z
  .strictObject({
    instances: z.array(instance).min(1, 'send at least one instance').optional().meta({
      description: 'Rows of numbers for a model with one 2-D input, or objects {inputName: row} for several inputs'
    }),
    entities: z
      .array(z.record(z.string(), keyValue))
      .min(1, 'send at least one entity')
      .max(1000, 'at most 1000 entities a request')
      .optional()
      .meta({ description: "Entity keys, e.g. {origin: 'SFO'}: the features come from the online store, through the version's lineage" }),
    version: z
      .number()
      .int()
      .positive()
      .optional()
      .meta({ description: 'Address one version of the deployment instead of the traffic split' })
  })
  .refine((body) => (body.instances === undefined) !== (body.entities === undefined), 'send either instances or entities (one of them)')
  .meta({ id: 'PredictRequest' });

export const PredictResponseSchema = z
  .object({
    predictions: z.array(z.unknown()).meta({ description: "Per row: the first output's row (a scalar when it has one value)" }),
    outputs: z.record(z.string(), z.array(z.unknown())).meta({ description: 'Every output, row by row' }),
    predictionIds: z.array(z.string()).meta({ description: 'One per row; send labels for them later (POST /api/v1/labels)' }),
    model: z.string(),
    version: z.number().int()
  })
  .meta({ id: 'PredictResponse' });

export type LoggedPrediction = z.infer<typeof LoggedPredictionSchema>;
export type PredictRequest = z.infer<typeof PredictRequestSchema>;
export type PredictResponse = z.infer<typeof PredictResponseSchema>;
export type PredictionListQuery = z.output<typeof PredictionListQuerySchema>;
export type PredictionRole = LoggedPrediction['role'];
