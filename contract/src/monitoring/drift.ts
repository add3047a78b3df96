/** Drift's HTTP shapes: the window query, the report and the history. */
import { z } from 'zod';

const deploymentName = z
  .string()
  .regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a deployment name is a DNS label: lower-case letters, digits and dashes');
const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO 8601 date and time');

export const DriftParamsSchema = z.strictObject({ name: deploymentName });

export const DriftQuerySchema = z.strictObject({
  from: instant.optional().meta({ description: 'Window start (inclusive); default: 24 hours before `to`' }),
  to: instant.optional().meta({ description: 'Window end (exclusive); default: now' }),
  version: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: 'Default: the version with the most logged rows in the window' })
});

export const DriftHistoryQuerySchema = DriftQuerySchema.extend({
  step: z
    .string()
    .regex(/^[1-9]\d*(m|h|d)$/, 'a duration like 15m, 1h or 1d')
    .optional()
    .meta({ description: 'Default 1h' })
});

const share = z.number().min(0).max(1);

export const FeatureDriftSchema = z
  .object({
    feature: z.string(),
    type: z.enum(['numeric', 'categorical']),
    method: z.enum(['ks', 'wasserstein', 'chi-square', 'jensen-shannon']),
    score: z
      .number()
      .meta({ description: 'KS statistic, chi-square statistic, Wasserstein / reference std, or Jensen–Shannon distance (base 2)' }),
    pValue: z.number().optional(),
    threshold: z.number().meta({
      description: 'p-value cut-off (KS, chi-square: drifted when p < threshold) or score cut-off (drifted when score ≥ threshold)'
    }),
    drifted: z.boolean(),
    psi: z.number(),
    psiLevel: z.enum(['ok', 'warning', 'alert']),
    ks: z.object({ statistic: z.number(), pValue: z.number() }).optional(),
    wasserstein: z.number().optional(),
    chiSquare: z.object({ statistic: z.number(), pValue: z.number(), dof: z.number().int() }).optional(),
    jensenShannon: z.number().optional(),
    histogram: z.object({ bins: z.array(z.string()), reference: z.array(share), current: z.array(share) })
  })
  .meta({ id: 'FeatureDrift' });

export const DriftReportSchema = z
  .object({
    deployment: z.string(),
    model: z.string(),
    version: z.number().int(),
    reference: z.object({ trainingSetId: z.string(), rows: z.number().int() }),
    window: z.object({ from: z.string(), to: z.string(), rows: z.number().int() }),
    features: z.array(FeatureDriftSchema),
    drifted: z.number().int()
  })
  .meta({ id: 'DriftReport' });

export const DriftHistorySchema = z
  .object({
    steps: z.array(
      z.object({
        start: z.string(),
        rows: z.number().int(),
        features: z.record(z.string(), z.object({ score: z.number(), drifted: z.boolean(), psi: z.number() }))
      })
    )
  })
  .meta({ id: 'DriftHistory' });

export type FeatureDrift = z.infer<typeof FeatureDriftSchema>;
export type DriftMethod = FeatureDrift['method'];
export type DriftReport = z.infer<typeof DriftReportSchema>;
export type DriftHistory = z.infer<typeof DriftHistorySchema>;
