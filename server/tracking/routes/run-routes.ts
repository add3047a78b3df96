import { defineRoute } from '../../api/route';
import {
  CreateRunRequestSchema,
  LogRunRequestSchema,
  MetricHistorySchema,
  MetricParamsSchema,
  RunListSchema,
  RunParamsSchema,
  RunSchema,
  SearchRunsRequestSchema,
  UpdateRunRequestSchema
} from '@mlportal/contract';

const tag = 'tracking';

export const createRunRoute = defineRoute({
  method: 'post',
  path: '/api/v1/runs',
  operationId: 'createRun',
  summary: 'Start a run in an experiment (default "0")',
  tag,
  access: 'experiments:write',
  body: CreateRunRequestSchema,
  response: { status: 201, schema: RunSchema, description: 'The run, RUNNING' },
  errors: [404],
  async handler({ body, context }) {
    return context.services.tracking.runs.create(body, context.principal.name);
  }
});

export const searchRunsRoute = defineRoute({
  method: 'post',
  path: '/api/v1/runs/search',
  operationId: 'searchRuns',
  summary: "Search runs with MLflow's filter grammar, sorted and paged",
  description:
    "filter: clauses joined by `and`: metrics.<key> (= != > >= < <=) <number>; params.<key> / tags.<key> (= != like ilike) '<string>'; " +
    'attributes.status|run_name|run_id (= != like ilike) and attributes.start_time|end_time (= != > >= < <=, epoch ms or a quoted ISO time). ' +
    'Keys with spaces in backquotes: metrics.`val loss`. A bad filter is refused with 400 naming the position.',
  tag,
  access: 'experiments:read',
  body: SearchRunsRequestSchema,
  response: { status: 200, schema: RunListSchema, description: 'A page of runs', check: 'in-tests' },
  async handler({ body, context }) {
    return context.services.tracking.runs.search(body);
  }
});

export const getRunRoute = defineRoute({
  method: 'get',
  path: '/api/v1/runs/:runId',
  operationId: 'getRun',
  summary: 'One run: params, latest metric values, tags, origin',
  tag,
  access: 'experiments:read',
  params: RunParamsSchema,
  response: { status: 200, schema: RunSchema, description: 'The run' },
  errors: [404],
  async handler({ params, context }) {
    return context.services.tracking.runs.get(params.runId);
  }
});

export const updateRunRoute = defineRoute({
  method: 'patch',
  path: '/api/v1/runs/:runId',
  operationId: 'updateRun',
  summary: 'Set a run’s status, end time or name; merge into its origin',
  tag,
  access: 'experiments:write',
  params: RunParamsSchema,
  body: UpdateRunRequestSchema,
  response: { status: 200, schema: RunSchema, description: 'The run' },
  errors: [404],
  async handler({ params, body, context }) {
    return context.services.tracking.runs.update(params.runId, body, context.principal.name);
  }
});

export const logRunRoute = defineRoute({
  method: 'post',
  path: '/api/v1/runs/:runId/log',
  operationId: 'logRun',
  summary: 'Log params, metric values and tags to a run, all or nothing',
  description: 'A param never changes: logging another value for it is refused with 409 naming the key (the same value is fine).',
  tag,
  access: 'experiments:write',
  params: RunParamsSchema,
  body: LogRunRequestSchema,
  response: { status: 200, schema: RunSchema, description: 'The run after the call' },
  errors: [404, 409],
  async handler({ params, body, context }) {
    return context.services.tracking.runs.log(params.runId, body, context.principal.name);
  }
});

export const metricHistoryRoute = defineRoute({
  method: 'get',
  path: '/api/v1/runs/:runId/metrics/:key',
  operationId: 'getMetricHistory',
  summary: 'Every logged value of one metric of a run, by step then timestamp (URL-encode the key)',
  tag,
  access: 'experiments:read',
  params: MetricParamsSchema,
  response: { status: 200, schema: MetricHistorySchema, description: 'The series', check: 'in-tests' },
  errors: [404],
  async handler({ params, context }) {
    return context.services.tracking.runs.metricHistory(params.runId, params.key);
  }
});

export const runRoutes = [createRunRoute, searchRunsRoute, getRunRoute, updateRunRoute, logRunRoute, metricHistoryRoute];
