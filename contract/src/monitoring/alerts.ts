/**
 * Alert rules and the alerts they fire: a rule watches one measure of a deployment
 * over a window (drift, p99 latency, error rate, accuracy, RMSE), notifies a webhook when it
 * breaches its threshold, and may rerun a named job (retraining). Alerts are what was fired.
 */
import { z } from 'zod';
import { urlSyntaxProblem } from '../url-syntax';
import { DeploymentNameSchema } from '../serving/deployments';
import { MAX_WINDOW_MS, windowMs } from './window';

export const ALERT_KINDS = ['drift', 'latency-p99', 'error-rate', 'accuracy', 'rmse'] as const;
export const DEFAULT_COOLDOWN_MINUTES = 60;
const MAX_COOLDOWN_MINUTES = 30 * 24 * 60;

const timestamp = z.iso.datetime({ offset: true });
const revision = z.number().int().positive().meta({ description: 'The revision you read; a stale one is refused with 409 stale_revision' });

export const AlertKindSchema = z.enum(ALERT_KINDS, { error: `must be one of ${ALERT_KINDS.join(', ')}` }).meta({
  id: 'AlertKind',
  description:
    "drift fires when the feature's (or, without a feature, any feature's) drift score ≥ threshold; latency-p99 when the p99 in ms > threshold " +
    '(the engine’s last 60 s); error-rate when the share of failed requests > threshold; accuracy when < threshold; rmse when > threshold'
});

const window = z
  .string()
  .refine(
    (text) => windowMs(text) !== null,
    `must be a window such as 15m, 1h or 1d: a whole number of minutes (m), hours (h) or days (d), at most ${MAX_WINDOW_MS / 86_400_000}d`
  )
  .meta({ description: 'The window the measure is taken over, ending at the evaluation: e.g. 15m, 1h, 1d' });

const threshold = z.number({ error: 'must be a number' }).refine(Number.isFinite, 'must be a finite number');

export const AlertNotifySchema = z
  .strictObject({
    webhook: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .max(2000)
      .superRefine((text, ctx) => {
        const problem = urlSyntaxProblem(text);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional()
      .meta({
        description:
          'Gets a JSON POST of each alert (5 s timeout, no redirects followed; a failure is recorded on the alert). ' +
          'Internal addresses (loopback, private, link-local, …) are refused, when the rule is saved and again after DNS at each call, unless an admin allows them (MLPORTAL_OUTBOUND_ALLOW)'
      })
  })
  .meta({ id: 'AlertNotify' });

export const AlertActionSchema = z
  .strictObject({
    rerunJob: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .meta({ description: "A job to rerun when the rule fires (retraining), as the rule's owner, while the owner's token is valid" })
  })
  .meta({ id: 'AlertAction' });

const cooldownMinutes = z
  .number()
  .int()
  .min(0)
  .max(MAX_COOLDOWN_MINUTES)
  .meta({ description: 'After firing, the rule stays quiet this long' });

export const AlertRuleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    deployment: z.string(),
    kind: AlertKindSchema,
    feature: z.string().optional(),
    threshold: z.number(),
    window: z.string(),
    notify: AlertNotifySchema,
    action: AlertActionSchema.nullable(),
    enabled: z.boolean(),
    disabledReason: z
      .string()
      .optional()
      .meta({ description: 'Why the platform disabled the rule, e.g. "owner token revoked at …"; re-enabling it makes you its owner' }),
    cooldownMinutes: z.number().int(),
    revision: z.number().int(),
    createdAt: timestamp,
    createdBy: z.string(),
    updatedAt: timestamp
  })
  .meta({ id: 'AlertRule' });

export const CreateAlertRuleRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'a rule needs a name').max(200),
    deployment: DeploymentNameSchema,
    kind: AlertKindSchema,
    feature: z.string().min(1).max(250).optional().meta({ description: 'drift only: the feature watched; without it, any feature' }),
    threshold,
    window,
    notify: AlertNotifySchema.optional(),
    action: AlertActionSchema.nullable().optional(),
    enabled: z.boolean().optional().meta({ description: 'Default true' }),
    cooldownMinutes: cooldownMinutes.optional().meta({ description: `Default ${DEFAULT_COOLDOWN_MINUTES}` })
  })
  .superRefine(featureOnlyForDrift)
  .meta({ id: 'CreateAlertRuleRequest' });

export const UpdateAlertRuleRequestSchema = z
  .strictObject({
    revision,
    name: z.string().trim().min(1, 'a rule needs a name').max(200).optional(),
    deployment: DeploymentNameSchema.optional(),
    kind: AlertKindSchema.optional(),
    feature: z.string().min(1).max(250).nullable().optional().meta({ description: 'null removes it' }),
    threshold: threshold.optional(),
    window: window.optional(),
    notify: AlertNotifySchema.optional(),
    action: AlertActionSchema.nullable().optional(),
    enabled: z.boolean().optional(),
    cooldownMinutes: cooldownMinutes.optional()
  })
  .meta({ id: 'UpdateAlertRuleRequest', description: 'The fields to change; the others keep their values' });

function featureOnlyForDrift(rule: { kind: string; feature?: string }, ctx: z.RefinementCtx): void {
  if (rule.feature !== undefined && rule.kind !== 'drift')
    ctx.addIssue({ code: 'custom', path: ['feature'], message: `only drift rules watch a feature (this one is ${rule.kind})` });
}

export const AlertWebhookResultSchema = z
  .object({
    status: z.enum(['sent', 'failed', 'none']).meta({ description: 'none: the rule has no webhook' }),
    httpStatus: z.number().int().optional(),
    error: z.string().optional().meta({ description: 'Why it failed; in detail only for callers who hold alerts:manage' })
  })
  .meta({ id: 'AlertWebhookResult' });

export const AlertSchema = z
  .object({
    id: z.string(),
    ruleId: z.string(),
    ruleName: z.string(),
    deployment: z.string(),
    kind: AlertKindSchema,
    feature: z.string().optional(),
    value: z.number(),
    threshold: z.number(),
    window: z.string(),
    firedAt: timestamp,
    message: z.string(),
    webhook: AlertWebhookResultSchema,
    job: z.string().optional().meta({ description: 'The job started by the rule’s rerunJob action' }),
    jobError: z.string().optional().meta({ description: 'Why the rule’s job could not be rerun' }),
    acknowledgedBy: z.string().optional(),
    acknowledgedAt: timestamp.optional()
  })
  .meta({ id: 'Alert' });

export const EvaluationSchema = z
  .object({
    fired: z.boolean(),
    value: z
      .number()
      .nullable()
      .meta({ description: 'The measure over the window; null when there was nothing to measure (no traffic, no labels)' }),
    reason: z.string().meta({ description: 'Why it fired or not' }),
    alert: AlertSchema.optional()
  })
  .meta({ id: 'AlertEvaluation' });

export const RuleParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });
export const AlertParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });
export const DeleteRuleQuerySchema = z.strictObject({
  revision: z.coerce.number().int().positive().meta({ description: 'The revision you read' })
});
export const ListRulesQuerySchema = z.strictObject({ deployment: DeploymentNameSchema.optional() });
export const ListAlertsQuerySchema = z.strictObject({
  since: timestamp.optional().meta({ description: 'Only alerts fired after this instant' }),
  deployment: DeploymentNameSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional().meta({ description: 'Default 100' })
});

export type AlertKind = z.infer<typeof AlertKindSchema>;
export type AlertRule = z.infer<typeof AlertRuleSchema>;
export type CreateAlertRuleRequest = z.output<typeof CreateAlertRuleRequestSchema>;
export type UpdateAlertRuleRequest = z.output<typeof UpdateAlertRuleRequestSchema>;
export type Alert = z.infer<typeof AlertSchema>;
export type AlertWebhookResult = z.infer<typeof AlertWebhookResultSchema>;
export type Evaluation = z.infer<typeof EvaluationSchema>;
export type ListAlertsQuery = z.output<typeof ListAlertsQuerySchema>;

export const AlertRuleListSchema = z.object({ rules: z.array(AlertRuleSchema) }).meta({ id: 'ListAlertRulesResponse' });
export const AlertListSchema = z.object({ alerts: z.array(AlertSchema) }).meta({ id: 'ListAlertsResponse' });
export type AlertRuleList = z.infer<typeof AlertRuleListSchema>;
export type AlertList = z.infer<typeof AlertListSchema>;
