/** MLflow's run endpoints: create, update, get, search, log-metric, log-parameter, set-tag, log-batch, metric history. */
import { z } from 'zod';
import type { AuthenticatedContext } from '../../api/route';
import { parsePart } from '../../api/validation';
import { AppError, BadRequestError } from '../../platform/errors';
import {
  CreateRunRequestSchema,
  type LogRunRequest,
  RUN_STATUSES,
  type RunOrigin,
  SearchRunsRequestSchema,
  UpdateRunRequestSchema
} from '@mlportal/contract';
import { defineMlflowEndpoint } from '../endpoint';
import { double, int64, keyValue, maxResults, recordOf, repeated } from '../input';
import { mlflowMetric, mlflowRun, mlflowRunInfo } from '../tracking-proto';
import { isoOf } from '../time';

/** Tags MLflow's client sets on every run that say where it came from. */
const RUN_NAME_TAG = 'mlflow.runName';
const GIT_COMMIT_TAG = 'mlflow.source.git.commit';

const runId = z.string().min(1);
const metric = z.object({ key: z.string(), value: double, timestamp: int64.optional(), step: int64.optional() });
const param = z.object({ key: z.string(), value: z.string() });

const create = defineMlflowEndpoint({
  method: 'post',
  path: '/runs/create',
  permission: 'experiments:write',
  input: z.object({
    experiment_id: z.string().optional(),
    run_name: z.string().optional(),
    start_time: int64.optional(),
    tags: z.array(keyValue).optional()
  }),
  async handle(input, context) {
    const tags = recordOf(input.tags) ?? {};
    const origin: RunOrigin = { source: 'mlflow' };
    if (tags[GIT_COMMIT_TAG]) origin.gitCommit = tags[GIT_COMMIT_TAG];
    const name = input.run_name || tags[RUN_NAME_TAG];
    delete tags[RUN_NAME_TAG];
    const request = parsePart(CreateRunRequestSchema, 'body', {
      experimentId: input.experiment_id || '0',
      ...(name ? { name } : {}),
      ...(Object.keys(tags).length ? { tags } : {}),
      origin,
      ...(input.start_time !== undefined ? { startTime: isoOf(input.start_time) } : {})
    });
    return { run: mlflowRun(await context.services.tracking.runs.create(request, context.principal.name)) };
  }
});

const update = defineMlflowEndpoint({
  method: 'post',
  path: '/runs/update',
  permission: 'experiments:write',
  input: z.object({
    run_id: z.string().optional(),
    // MLflow's older clients send the run's id as run_uuid.
    run_uuid: z.string().optional(),
    status: z.enum(RUN_STATUSES).optional(),
    end_time: int64.optional(),
    run_name: z.string().optional()
  }),
  async handle(input, context) {
    const id = input.run_id || input.run_uuid;
    if (!id) throw new BadRequestError('run_id is required');
    const request = parsePart(UpdateRunRequestSchema, 'body', {
      ...(input.status ? { status: input.status } : {}),
      ...(input.end_time !== undefined ? { endTime: isoOf(input.end_time) } : {}),
      ...(input.run_name ? { name: input.run_name } : {})
    });
    return { run_info: mlflowRunInfo(await context.services.tracking.runs.update(id, request, context.principal.name)) };
  }
});

const get = defineMlflowEndpoint({
  method: 'get',
  path: '/runs/get',
  permission: 'experiments:read',
  input: z.object({ run_id: z.string().optional(), run_uuid: z.string().optional() }),
  async handle(input, context) {
    const id = input.run_id || input.run_uuid;
    if (!id) throw new BadRequestError('run_id is required');
    return { run: mlflowRun(await context.services.tracking.runs.get(id)) };
  }
});

const search = defineMlflowEndpoint({
  method: 'post',
  path: '/runs/search',
  permission: 'experiments:read',
  input: z.object({
    experiment_ids: z.array(z.string()).optional(),
    filter: z.string().optional(),
    run_view_type: z.enum(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']).optional(),
    max_results: maxResults,
    order_by: repeated,
    page_token: z.string().optional()
  }),
  async handle(input, context) {
    // The filter and order_by are MLflow's grammar, which the tracking service speaks itself.
    const request = parsePart(SearchRunsRequestSchema, 'body', {
      ...(input.experiment_ids?.length ? { experimentIds: input.experiment_ids } : {}),
      ...(input.filter?.trim() ? { filter: input.filter } : {}),
      ...(input.order_by.length ? { orderBy: input.order_by } : {}),
      ...(input.max_results !== undefined ? { maxResults: input.max_results } : {}),
      ...(input.page_token ? { pageToken: input.page_token } : {})
    });
    const found = await context.services.tracking.runs.search(request);
    return { runs: found.runs.map(mlflowRun), ...(found.nextPageToken ? { next_page_token: found.nextPageToken } : {}) };
  }
});

const logMetric = defineMlflowEndpoint({
  method: 'post',
  path: '/runs/log-metric',
  permission: 'experiments:write',
  input: metric.extend({ run_id: runId }),
  async handle(input, context) {
    await log(context, input.run_id, { metrics: [loggedMetric(input)] });
    return {};
  }
});

const logParam = defineMlflowEndpoint({
  method: 'post',
  path: '/runs/log-parameter',
  permission: 'experiments:write',
  input: param.extend({ run_id: runId }),
  async handle(input, context) {
    await log(context, input.run_id, { params: { [input.key]: input.value } });
    return {};
  }
});

const setTag = defineMlflowEndpoint({
  method: 'post',
  path: '/runs/set-tag',
  permission: 'experiments:write',
  input: z.object({ run_id: z.string().optional(), run_uuid: z.string().optional(), key: z.string(), value: z.string() }),
  async handle(input, context) {
    const id = input.run_id || input.run_uuid;
    if (!id) throw new BadRequestError('run_id is required');
    // MLflow renames a run by setting this tag.
    if (input.key === RUN_NAME_TAG)
      await context.services.tracking.runs.update(
        id,
        parsePart(UpdateRunRequestSchema, 'body', { name: input.value }),
        context.principal.name
      );
    else await log(context, id, { tags: { [input.key]: input.value } });
    return {};
  }
});

const logBatch = defineMlflowEndpoint({
  method: 'post',
  path: '/runs/log-batch',
  permission: 'experiments:write',
  input: z.object({
    run_id: runId,
    metrics: z.array(metric).optional(),
    params: z.array(param).optional(),
    tags: z.array(keyValue).optional()
  }),
  async handle(input, context) {
    await log(context, input.run_id, {
      ...(input.params?.length ? { params: recordOf(input.params) } : {}),
      ...(input.metrics?.length ? { metrics: input.metrics.map(loggedMetric) } : {}),
      ...(input.tags?.length ? { tags: recordOf(input.tags) } : {})
    });
    return {};
  }
});

const metricHistory = defineMlflowEndpoint({
  method: 'get',
  path: '/metrics/get-history',
  permission: 'experiments:read',
  input: z.object({ run_id: z.string().optional(), run_uuid: z.string().optional(), metric_key: z.string() }),
  async handle(input, context) {
    const id = input.run_id || input.run_uuid;
    if (!id) throw new BadRequestError('run_id is required');
    const history = await context.services.tracking.runs.metricHistory(id, input.metric_key);
    return { metrics: history.history.map((point) => mlflowMetric(history.key, point)) };
  }
});

function loggedMetric(input: z.output<typeof metric>): NonNullable<LogRunRequest['metrics']>[number] {
  // Non-finite values go through as they are: the tracking service refuses them naming the key.
  return {
    key: input.key,
    value: input.value,
    ...(input.step !== undefined ? { step: input.step } : {}),
    ...(input.timestamp !== undefined ? { timestamp: isoOf(input.timestamp) } : {})
  };
}

/**
 * One all-or-nothing log call. A param logged again with another value is a 409 conflict in our
 * API; MLflow's server answers INVALID_PARAMETER_VALUE for it, which MLflow users catch.
 */
async function log(context: AuthenticatedContext, id: string, request: LogRunRequest): Promise<void> {
  try {
    await context.services.tracking.runs.log(id, request, context.principal.name);
  } catch (err) {
    if (err instanceof AppError && err.status === 409 && err.code === 'conflict') throw new BadRequestError(err.message, err.details);
    throw err;
  }
}

export const runEndpoints = [create, update, get, search, logMetric, logParam, setTag, logBatch, metricHistory];
