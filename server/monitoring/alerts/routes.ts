import { defineRoute, type Route } from '../../api/route';
import {
  AlertListSchema,
  AlertParamsSchema,
  AlertRuleListSchema,
  AlertRuleSchema,
  AlertSchema,
  CreateAlertRuleRequestSchema,
  DeleteRuleQuerySchema,
  EvaluationSchema,
  ListAlertsQuerySchema,
  ListRulesQuerySchema,
  RuleParamsSchema,
  UpdateAlertRuleRequestSchema
} from '@mlportal/contract';

const tag = 'alerts';

export const createAlertRuleRoute = defineRoute({
  method: 'post',
  path: '/api/v1/alerts/rules',
  operationId: 'createAlertRule',
  summary: 'Create an alert rule on a deployment: drift, p99 latency, error rate, accuracy or RMSE over a window',
  description:
    'The rule acts as you (its owner) while your token is valid: revoking the token disables the rule. An action.rerunJob needs jobs:submit too. ' +
    'An unknown deployment or job is refused with 404 naming the field; a webhook at an internal address with 400.',
  tag,
  access: 'alerts:manage',
  body: CreateAlertRuleRequestSchema,
  response: { status: 201, schema: AlertRuleSchema, description: 'The rule' },
  errors: [404, 503],
  async handler({ body, context }) {
    return context.services.monitoring.alerts.createRule(body, context.principal);
  }
});

export const listAlertRulesRoute = defineRoute({
  method: 'get',
  path: '/api/v1/alerts/rules',
  operationId: 'listAlertRules',
  summary: 'List alert rules, oldest first',
  tag,
  access: 'monitoring:read',
  query: ListRulesQuerySchema,
  response: { status: 200, schema: AlertRuleListSchema, description: 'The rules' },
  async handler({ query, context }) {
    return { rules: await context.services.monitoring.alerts.listRules(query) };
  }
});

export const getAlertRuleRoute = defineRoute({
  method: 'get',
  path: '/api/v1/alerts/rules/:id',
  operationId: 'getAlertRule',
  summary: 'Get an alert rule',
  tag,
  access: 'monitoring:read',
  params: RuleParamsSchema,
  response: { status: 200, schema: AlertRuleSchema, description: 'The rule' },
  errors: [404],
  async handler({ params, context }) {
    return context.services.monitoring.alerts.getRule(params.id);
  }
});

export const updateAlertRuleRoute = defineRoute({
  method: 'patch',
  path: '/api/v1/alerts/rules/:id',
  operationId: 'updateAlertRule',
  summary: 'Change an alert rule (at the revision you read)',
  tag,
  access: 'alerts:manage',
  params: RuleParamsSchema,
  body: UpdateAlertRuleRequestSchema,
  response: { status: 200, schema: AlertRuleSchema, description: 'The rule as changed' },
  errors: [404, 409, 503],
  async handler({ params, body, context }) {
    return context.services.monitoring.alerts.updateRule(params.id, body, context.principal);
  }
});

export const deleteAlertRuleRoute = defineRoute({
  method: 'delete',
  path: '/api/v1/alerts/rules/:id',
  operationId: 'deleteAlertRule',
  summary: 'Delete an alert rule (at the revision you read); its alerts stay',
  tag,
  access: 'alerts:manage',
  params: RuleParamsSchema,
  query: DeleteRuleQuerySchema,
  response: { status: 204, description: 'Deleted' },
  errors: [404, 409],
  async handler({ params, query, context }) {
    await context.services.monitoring.alerts.deleteRule(params.id, query.revision);
  }
});

export const evaluateAlertRuleRoute = defineRoute({
  method: 'post',
  path: '/api/v1/alerts/rules/:id/evaluate',
  operationId: 'evaluateAlertRule',
  summary: 'Evaluate a rule now: it fires (webhook, job, alert) when breached and out of its cooldown',
  tag,
  access: 'alerts:manage',
  params: RuleParamsSchema,
  response: { status: 200, schema: EvaluationSchema, description: 'Whether it fired, the value measured and why' },
  errors: [404, 503],
  async handler({ params, context }) {
    return context.services.monitoring.alerts.evaluate(params.id);
  }
});

export const listAlertsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/alerts',
  operationId: 'listAlerts',
  summary: 'Fired alerts, newest first (JupyterLab polls this for notifications)',
  description: 'A failed webhook shows its detail only to callers who hold alerts:manage; others read "the webhook could not be reached".',
  tag,
  access: 'monitoring:read',
  query: ListAlertsQuerySchema,
  response: { status: 200, schema: AlertListSchema, description: 'The alerts' },
  async handler({ query, context }) {
    return { alerts: await context.services.monitoring.alerts.listAlerts(query, context.principal) };
  }
});

export const acknowledgeAlertRoute = defineRoute({
  method: 'post',
  path: '/api/v1/alerts/:id/acknowledge',
  operationId: 'acknowledgeAlert',
  summary: 'Acknowledge an alert (a second acknowledgement keeps the first)',
  tag,
  access: 'alerts:manage',
  params: AlertParamsSchema,
  response: { status: 200, schema: AlertSchema, description: 'The alert, acknowledged' },
  errors: [404],
  async handler({ params, context }) {
    return context.services.monitoring.alerts.acknowledge(params.id, context.principal);
  }
});

export const alertRoutes: readonly Route[] = [
  createAlertRuleRoute,
  listAlertRulesRoute,
  getAlertRuleRoute,
  updateAlertRuleRoute,
  deleteAlertRuleRoute,
  evaluateAlertRuleRoute,
  listAlertsRoute,
  acknowledgeAlertRoute
];
