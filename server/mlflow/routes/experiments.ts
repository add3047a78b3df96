/** MLflow's experiment endpoints: create, get, get-by-name, search. */
import { z } from 'zod';
import { parsePart } from '../../api/validation';
import { BadRequestError } from '../../platform/errors';
import { ownEntry } from '../../platform/own';
import { CreateExperimentRequestSchema, type Experiment } from '@mlportal/contract';
import { defineMlflowEndpoint } from '../endpoint';
import { keyValue, maxResults, recordOf, repeated } from '../input';
import { pageOf, readAll } from '../paging';
import { matchesRegistryFilter, parseRegistryFilter } from '../simple-filter';
import { mlflowExperiment, NOTE_TAG } from '../tracking-proto';

const VIEW_TYPES = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'] as const;

const create = defineMlflowEndpoint({
  method: 'post',
  path: '/experiments/create',
  permission: 'experiments:write',
  // artifact_location is accepted and ignored: mlportal keeps every run's artifacts itself.
  input: z.object({ name: z.string(), artifact_location: z.string().optional(), tags: z.array(keyValue).optional() }),
  async handle(input, context) {
    const tags = recordOf(input.tags) ?? {};
    const description = tags[NOTE_TAG];
    delete tags[NOTE_TAG];
    const request = parsePart(CreateExperimentRequestSchema, 'body', {
      name: input.name,
      ...(description !== undefined ? { description } : {}),
      ...(Object.keys(tags).length ? { tags } : {})
    });
    const experiment = await context.services.tracking.experiments.create(request, context.principal.name);
    return { experiment_id: experiment.id };
  }
});

const get = defineMlflowEndpoint({
  method: 'get',
  path: '/experiments/get',
  permission: 'experiments:read',
  input: z.object({ experiment_id: z.string().min(1) }),
  async handle(input, context) {
    return { experiment: mlflowExperiment(await context.services.tracking.experiments.get(input.experiment_id)) };
  }
});

const getByName = defineMlflowEndpoint({
  method: 'get',
  path: '/experiments/get-by-name',
  permission: 'experiments:read',
  input: z.object({ experiment_name: z.string().min(1) }),
  async handle(input, context) {
    return { experiment: mlflowExperiment(await context.services.tracking.experiments.getByName(input.experiment_name)) };
  }
});

const search = defineMlflowEndpoint({
  method: 'post',
  path: '/experiments/search',
  permission: 'experiments:read',
  input: z.object({
    max_results: maxResults,
    page_token: z.string().optional(),
    filter: z.string().optional(),
    order_by: repeated,
    view_type: z.enum(VIEW_TYPES).optional()
  }),
  async handle(input, context) {
    const clauses = parseRegistryFilter(input.filter, ['name', 'tags.*']);
    const tracking = context.services.tracking;
    const all = await readAll(async (pageToken) => {
      const page = await tracking.experiments.list({ maxResults: 1000, ...(pageToken ? { pageToken } : {}) });
      return { items: page.experiments, nextPageToken: page.nextPageToken };
    });
    const view = input.view_type ?? 'ACTIVE_ONLY';
    const matching = all.filter(
      (e) =>
        (view === 'ALL' || (view === 'ACTIVE_ONLY') === (e.lifecycleStage === 'active')) &&
        matchesRegistryFilter(clauses, (field) => (field === 'name' ? e.name : ownEntry(e.tags, field.slice('tags.'.length))))
    );
    const page = pageOf(sortExperiments(matching, input.order_by), input.max_results, input.page_token);
    return { experiments: page.items.map(mlflowExperiment), ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
  }
});

const ORDER_FIELDS: Record<string, (e: Experiment) => string | number> = {
  name: (e) => e.name,
  experiment_id: (e) => Number(e.id),
  creation_time: (e) => Date.parse(e.createdAt),
  last_update_time: (e) => Date.parse(e.updatedAt)
};

/** MLflow's order_by for experiments: name, experiment_id, creation_time, last_update_time, each ASC or DESC; newest first by default. */
function sortExperiments(experiments: Experiment[], orderBy: string[]): Experiment[] {
  const keys = orderBy.map((clause) => {
    const [field = '', direction = 'ASC', ...extra] = clause.trim().split(/\s+/);
    const value = ownEntry(ORDER_FIELDS, field.replace(/^attributes?\./, ''));
    if (!value || extra.length || !/^(ASC|DESC)$/i.test(direction)) {
      throw new BadRequestError(`order_by "${clause}": use one of ${Object.keys(ORDER_FIELDS).join(', ')}, then ASC or DESC`);
    }
    return { value, sign: direction.toUpperCase() === 'DESC' ? -1 : 1 };
  });
  return [...experiments].sort((a, b) => {
    for (const key of keys) {
      const x = key.value(a);
      const y = key.value(b);
      if (x !== y) return (x < y ? -1 : 1) * key.sign;
    }
    return Date.parse(b.createdAt) - Date.parse(a.createdAt);
  });
}

export const experimentEndpoints = [create, get, getByName, search];
