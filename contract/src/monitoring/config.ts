/**
 * A deployment's monitoring configuration: what the task is, where the score is, when a
 * prediction is queued for labelling, the latency SLO and drift thresholds. Drift, alerts and the
 * dashboards read it; a deployment that never had one stored gets the defaults (revision 0).
 */
import { z } from 'zod';

export const DEFAULT_LOW_CONFIDENCE_MARGIN = 0.1;
export const DEFAULT_SLO_P99_MS = 100;

const timestamp = z.iso.datetime({ offset: true });

export const MonitoringTaskSchema = z.enum(['regression', 'classification']).meta({ id: 'MonitoringTask' });

const positiveClass = z
  .union([z.string().min(1).max(200), z.number()])
  .meta({ description: 'The class a label counts as positive; a number is also the index of P(positive) in a probabilities row' });

const lowConfidence = z
  .strictObject({ margin: z.number().gt(0).max(0.5).meta({ description: 'Queued for labelling when |score − 0.5| < margin' }) })
  .meta({ id: 'LowConfidence' });

const drift = z
  .strictObject({
    psiWarning: z.number().positive().optional(),
    psiAlert: z.number().positive().optional(),
    threshold: z
      .number()
      .positive()
      .optional()
      .meta({ description: 'Wasserstein / Jensen–Shannon score at which a feature counts as drifted' }),
    pValue: z.number().gt(0).lt(1).optional().meta({ description: 'KS / chi-square p-value below which a feature counts as drifted' })
  })
  .refine(
    (d) => d.psiWarning === undefined || d.psiAlert === undefined || d.psiWarning <= d.psiAlert,
    'drift.psiWarning must not exceed drift.psiAlert'
  )
  .meta({ id: 'DriftThresholds' });

const settings = {
  task: MonitoringTaskSchema,
  scoreOutput: z
    .string()
    .min(1)
    .max(250)
    .optional()
    .meta({ description: 'The output holding P(positive) (classification) or the estimate (regression)' }),
  positiveClass: positiveClass.optional(),
  lowConfidence: lowConfidence.optional(),
  sloP99Ms: z.number().positive().max(3_600_000).optional().meta({ description: 'The p99 latency SLO in ms the product dashboard draws' }),
  drift: drift.optional()
};

export const MonitoringConfigSchema = z
  .object({
    deployment: z.string(),
    ...settings,
    lowConfidence: lowConfidence,
    sloP99Ms: z.number(),
    revision: z.number().int().meta({ description: '0 while nothing was stored: these are the defaults' }),
    updatedAt: timestamp,
    updatedBy: z.string()
  })
  .meta({ id: 'MonitoringConfig' });

export const PutMonitoringConfigRequestSchema = z
  .strictObject({
    revision: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'The revision you read (0 for defaults never stored); a stale one is refused with 409' }),
    ...settings,
    task: MonitoringTaskSchema.optional()
  })
  .meta({ id: 'PutMonitoringConfigRequest', description: 'Replaces the whole configuration: a field left out goes back to its default' });

export type MonitoringTask = z.infer<typeof MonitoringTaskSchema>;
export type MonitoringConfig = z.infer<typeof MonitoringConfigSchema>;
export type PutMonitoringConfigRequest = z.output<typeof PutMonitoringConfigRequestSchema>;
