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
    score: z.number().meta({
      description:
        'KS statistic, chi-square statistic, Wasserstein / reference std, or Jensen–Shannon distance (base 2); each within the error bound stated on its own field'
    }),
    pValue: z.number().optional(),
    threshold: z.number().meta({
      description: 'p-value cut-off (KS, chi-square: drifted when p < threshold) or score cut-off (drifted when score ≥ threshold)'
    }),
    drifted: z.boolean(),
    psi: z.number().meta({
      description:
        "Population stability index over the reference's deciles (numeric) or the categories of both sides (shares floored at 1e-4): exact"
    }),
    psiLevel: z.enum(['ok', 'warning', 'alert']),
    ks: z.object({ statistic: z.number(), pValue: z.number() }).optional().meta({
      description:
        "Numeric: two-sample Kolmogorov–Smirnov statistic and p-value, as scipy.stats.ks_2samp. The statistic is never above the exact one and at most 1/1024 (< 0.001) below it; exact when the reference has at most 2,048 distinct values. p-value as ks_2samp(method='auto') when KS is the method, else asymptotic"
    }),
    wasserstein: z.number().optional().meta({
      description:
        "Numeric: 1-Wasserstein distance in the feature's units, as scipy.stats.wasserstein_distance. Never above the exact distance; below it only inside cells of the reference's value grid where the two CDFs can cross, by at most a bound computed with each comparison (under 1 % of the distance on the flights benchmark and in the tests; docs/monitoring.md)"
    }),
    chiSquare: z.object({ statistic: z.number(), pValue: z.number(), dof: z.number().int() }).optional().meta({
      description:
        'Categorical: chi-square test of homogeneity, as scipy.stats.chi2_contingency: exact (past 1,000 categories a side, the rest are pooled as (other))'
    }),
    jensenShannon: z.number().optional().meta({
      description: 'Categorical: Jensen–Shannon distance, base 2, as scipy.spatial.distance.jensenshannon: exact (with the same pooling)'
    }),
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
