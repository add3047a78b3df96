/** Skew's HTTP shapes: the window query and the report. */
import { z } from 'zod';
import { DeploymentNameSchema } from '../serving/deployments';

const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO 8601 date and time');

export const DEFAULT_SKEW_LIMIT = 500;
export const MAX_SKEW_LIMIT = 10_000;

export const SkewParamsSchema = z.strictObject({ name: DeploymentNameSchema });

export const SkewQuerySchema = z.strictObject({
  from: instant.optional().meta({ description: 'Window start (inclusive); default: 24 hours before `to`' }),
  to: instant.optional().meta({ description: 'Window end (exclusive); default: now' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_SKEW_LIMIT)
    .default(DEFAULT_SKEW_LIMIT)
    .meta({ description: `The newest this many logged predictions of the window are compared (default ${DEFAULT_SKEW_LIMIT})` })
});

export const FeatureSkewSchema = z
  .object({
    feature: z.string(),
    compared: z.number().int().meta({ description: 'Predictions whose served value of this feature was compared' }),
    mismatches: z
      .number()
      .int()
      .meta({ description: 'Of those, how many differ from the offline value at the prediction’s time (or had none then)' }),
    mismatchShare: z.number().min(0).max(1),
    meanAbsDifference: z
      .number()
      .nullable()
      .meta({ description: 'Mean |served − offline| over numeric pairs; null for a feature with none (text)' })
  })
  .meta({ id: 'FeatureSkew' });

export const SkewReportSchema = z
  .object({
    deployment: z.string(),
    window: z.object({ from: z.string(), to: z.string() }),
    rows: z
      .number()
      .int()
      .meta({ description: 'Logged predictions compared: those with entity keys, features and a version with feature lineage' }),
    features: z.array(FeatureSkewSchema)
  })
  .meta({ id: 'SkewReport' });

export interface SkewQuery {
  from?: string;
  to?: string;
  limit?: number;
}
export type FeatureSkew = z.infer<typeof FeatureSkewSchema>;
export type SkewReport = z.infer<typeof SkewReportSchema>;
