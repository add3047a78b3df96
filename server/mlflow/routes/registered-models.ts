/** MLflow's registered-model endpoints: create, get, search, update, delete, tags, latest versions, aliases. */
import { z } from 'zod';
import type { AuthenticatedContext } from '../../api/route';
import { parsePart } from '../../api/validation';
import { AliasSchema, CreateModelRequestSchema, ModelNameSchema, UpdateModelRequestSchema } from '@mlportal/contract';
import { NotFoundError } from '../../platform/errors';
import { ownEntry } from '../../platform/own';
import { withCurrentRevision } from '../revisions';
import { defineMlflowEndpoint } from '../endpoint';
import { keyValue, maxResults, recordOf, repeated } from '../input';
import { pageOf } from '../paging';
import { mlflowModelVersion, mlflowRegisteredModel, stageOf } from '../registry-proto';
import { allRegisteredModels, noneIfNotFound } from '../registry-reads';
import { exactValueOf, matchesRegistryFilter, parseRegistryFilter } from '../simple-filter';

const name = ModelNameSchema;

const create = defineMlflowEndpoint({
  method: 'post',
  path: '/registered-models/create',
  permission: 'models:register',
  input: z.object({ name: z.string(), tags: z.array(keyValue).optional(), description: z.string().optional() }),
  async handle(input, context) {
    const request = parsePart(CreateModelRequestSchema, 'body', {
      name: input.name,
      ...(input.description ? { description: input.description } : {}),
      ...(input.tags?.length ? { tags: recordOf(input.tags) } : {})
    });
    return { registered_model: mlflowRegisteredModel(await context.services.registry.models.create(request, context.principal.name), []) };
  }
});

const get = defineMlflowEndpoint({
  method: 'get',
  path: '/registered-models/get',
  permission: 'models:read',
  input: z.object({ name }),
  async handle(input, context) {
    const registry = context.services.registry;
    const model = await registry.models.get(input.name);
    return { registered_model: mlflowRegisteredModel(model, await registry.versions.list(input.name)) };
  }
});

const search = defineMlflowEndpoint({
  method: 'get',
  path: '/registered-models/search',
  permission: 'models:read',
  input: z.object({ filter: z.string().optional(), max_results: maxResults, order_by: repeated, page_token: z.string().optional() }),
  async handle(input, context) {
    const clauses = parseRegistryFilter(input.filter, ['name', 'tags.*']);
    const registry = context.services.registry;
    const exact = exactValueOf(clauses, 'name');
    const models =
      exact !== undefined ? await noneIfNotFound(registry.models.get(exact).then((model) => [model])) : await allRegisteredModels(registry);
    const matching = models.filter((m) =>
      matchesRegistryFilter(clauses, (field) => (field === 'name' ? m.name : ownEntry(m.tags, field.slice('tags.'.length))))
    );
    const descending = input.order_by.some((clause) => /^name\s+DESC$/i.test(clause.trim()));
    if (descending) matching.reverse();
    const page = pageOf(matching, input.max_results, input.page_token);
    return {
      registered_models: page.items.map((model) => mlflowRegisteredModel(model)),
      ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {})
    };
  }
});

const update = defineMlflowEndpoint({
  method: 'patch',
  path: '/registered-models/update',
  permission: 'models:register',
  input: z.object({ name, description: z.string().optional() }),
  async handle(input, context) {
    const registry = context.services.registry;
    const updated = await withCurrentRevision(
      async () => (await registry.models.get(input.name)).revision,
      (expectedRevision) =>
        registry.models.update(
          input.name,
          parsePart(UpdateModelRequestSchema, 'body', { expectedRevision, description: input.description ?? '' }),
          context.principal.name
        )
    );
    return { registered_model: mlflowRegisteredModel(updated) };
  }
});

const remove = defineMlflowEndpoint({
  method: 'delete',
  path: '/registered-models/delete',
  permission: 'models:delete',
  input: z.object({ name }),
  async handle(input, context) {
    const registry = context.services.registry;
    await withCurrentRevision(
      async () => (await registry.models.get(input.name)).revision,
      (revision) => registry.models.delete(input.name, revision, context.principal.name)
    );
    return {};
  }
});

const setTag = defineMlflowEndpoint({
  method: 'post',
  path: '/registered-models/set-tag',
  permission: 'models:register',
  input: z.object({ name, key: z.string(), value: z.string() }),
  async handle(input, context) {
    await editTags(context, input.name, (tags) => ({ ...tags, [input.key]: input.value }));
    return {};
  }
});

const deleteTag = defineMlflowEndpoint({
  method: 'delete',
  path: '/registered-models/delete-tag',
  permission: 'models:register',
  input: z.object({ name, key: z.string() }),
  async handle(input, context) {
    await editTags(context, input.name, (tags) => {
      if (!Object.hasOwn(tags, input.key)) throw new NotFoundError(`model ${input.name} has no tag ${input.key}`);
      return Object.fromEntries(Object.entries(tags).filter(([key]) => key !== input.key));
    });
    return {};
  }
});

const latestVersions = defineMlflowEndpoint({
  method: 'post',
  path: '/registered-models/get-latest-versions',
  permission: 'models:read',
  input: z.object({ name, stages: z.array(z.string()).optional() }),
  async handle(input, context) {
    const stages = (input.stages ?? []).map(stageOf);
    const versions = await context.services.registry.versions.list(input.name);
    const latest = new Map<string, (typeof versions)[number]>();
    // Newest first: the first seen per stage is its latest.
    for (const v of versions) if (!latest.has(v.stage) && (stages.length === 0 || stages.includes(v.stage))) latest.set(v.stage, v);
    return { model_versions: [...latest.values()].map(mlflowModelVersion) };
  }
});

const aliasInput = z.object({ name, alias: AliasSchema });

const setAlias = defineMlflowEndpoint({
  method: 'post',
  path: '/registered-models/alias',
  permission: 'models:promote',
  input: aliasInput.extend({ version: z.coerce.number().int().positive() }),
  async handle(input, context) {
    const registry = context.services.registry;
    await withCurrentRevision(
      async () => (await registry.models.get(input.name)).revision,
      (expectedRevision) =>
        registry.aliases.set(input.name, input.alias, { version: input.version, expectedRevision }, context.principal.name)
    );
    return {};
  }
});

const getAlias = defineMlflowEndpoint({
  method: 'get',
  path: '/registered-models/alias',
  permission: 'models:read',
  // Any alias may be asked for (an unknown one is a 404), so no pattern here.
  input: z.object({ name, alias: z.string().min(1) }),
  async handle(input, context) {
    return { model_version: mlflowModelVersion(await context.services.registry.aliases.get(input.name, input.alias)) };
  }
});

const deleteAlias = defineMlflowEndpoint({
  method: 'delete',
  path: '/registered-models/alias',
  permission: 'models:promote',
  input: z.object({ name, alias: z.string().min(1) }),
  async handle(input, context) {
    const registry = context.services.registry;
    await withCurrentRevision(
      async () => (await registry.models.get(input.name)).revision,
      (revision) => registry.aliases.delete(input.name, input.alias, revision, context.principal.name)
    );
    return {};
  }
});

/** Tags are replaced whole in our API; MLflow sets and deletes them one at a time. */
async function editTags(
  context: AuthenticatedContext,
  model: string,
  change: (tags: Record<string, string>) => Record<string, string>
): Promise<void> {
  const registry = context.services.registry;
  let tags: Record<string, string> = {};
  await withCurrentRevision(
    async () => {
      const current = await registry.models.get(model);
      tags = change(current.tags);
      return current.revision;
    },
    (expectedRevision) =>
      registry.models.update(model, parsePart(UpdateModelRequestSchema, 'body', { expectedRevision, tags }), context.principal.name)
  );
}

export const registeredModelEndpoints = [
  create,
  get,
  search,
  update,
  remove,
  setTag,
  deleteTag,
  latestVersions,
  setAlias,
  getAlias,
  deleteAlias
];
