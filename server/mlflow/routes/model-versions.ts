/** MLflow's model-version endpoints: create (from a run's ONNX artifact), get, search, update, delete, stages, tags, download URI. */
import { z } from 'zod';
import type { AuthenticatedContext } from '../../api/route';
import { parsePart } from '../../api/validation';
import { NotFoundError } from '../../platform/errors';
import { ownEntry } from '../../platform/own';
import { CreateVersionRequestSchema, ModelNameSchema, type ModelVersion, UpdateVersionRequestSchema } from '@mlportal/contract';
import { withCurrentRevision } from '../revisions';
import { defineMlflowEndpoint } from '../endpoint';
import { keyValue, maxResults, recordOf, repeated } from '../input';
import { resolveModelSource } from '../model-source';
import { pageOf } from '../paging';
import { mlflowModelVersion, mlflowStage, stageOf } from '../registry-proto';
import { allRegisteredModels, noneIfNotFound } from '../registry-reads';
import { exactValueOf, matchesRegistryFilter, parseRegistryFilter } from '../simple-filter';
import { modelVersionArtifactUri } from '../source-uri';

const name = ModelNameSchema;
const version = z.coerce.number().int().positive();

const create = defineMlflowEndpoint({
  method: 'post',
  path: '/model-versions/create',
  permission: 'models:register',
  input: z.object({
    name,
    source: z.string().min(1),
    run_id: z.string().optional(),
    tags: z.array(keyValue).optional(),
    description: z.string().optional()
  }),
  async handle(input, context) {
    const { services } = context;
    const actor = context.principal.name;
    const resolved = await resolveModelSource(input.source, services);
    const artifact = await services.registry.artifacts.registerExisting(resolved.sha256, actor);
    const runId = input.run_id || resolved.runId;
    const request = parsePart(CreateVersionRequestSchema, 'body', {
      artifact: artifact.sha256,
      ...(input.description ? { description: input.description } : {}),
      ...(input.tags?.length ? { tags: recordOf(input.tags) } : {}),
      ...(runId ? { runId } : {}),
      lineage: { source: 'mlflow' }
    });
    return { model_version: mlflowModelVersion(await services.registry.versions.create(input.name, request, actor)) };
  }
});

const get = defineMlflowEndpoint({
  method: 'get',
  path: '/model-versions/get',
  permission: 'models:read',
  input: z.object({ name, version }),
  async handle(input, context) {
    return { model_version: mlflowModelVersion(await context.services.registry.versions.get(input.name, input.version)) };
  }
});

const SEARCH_FIELDS = ['name', 'run_id', 'version_number', 'current_stage', 'tags.*'];

const search = defineMlflowEndpoint({
  method: 'get',
  path: '/model-versions/search',
  permission: 'models:read',
  input: z.object({ filter: z.string().optional(), max_results: maxResults, order_by: repeated, page_token: z.string().optional() }),
  async handle(input, context) {
    const clauses = parseRegistryFilter(input.filter, SEARCH_FIELDS);
    const registry = context.services.registry;
    const exact = exactValueOf(clauses, 'name');
    const names = exact !== undefined ? [exact] : (await allRegisteredModels(registry)).map((m) => m.name);
    const versions: ModelVersion[] = [];
    for (const model of names) {
      const found = await noneIfNotFound(registry.versions.list(model));
      versions.push(...found.filter((v) => matchesRegistryFilter(clauses, (field) => fieldOf(v, field))));
    }
    const page = pageOf(versions, input.max_results, input.page_token);
    return { model_versions: page.items.map(mlflowModelVersion), ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}) };
  }
});

function fieldOf(v: ModelVersion, field: string): string | undefined {
  switch (field) {
    case 'name':
      return v.model;
    case 'run_id':
      return v.lineage.runId;
    case 'version_number':
      return String(v.version);
    case 'current_stage':
      return mlflowStage(v.stage);
    default:
      return ownEntry(v.tags, field.slice('tags.'.length));
  }
}

const update = defineMlflowEndpoint({
  method: 'patch',
  path: '/model-versions/update',
  permission: 'models:register',
  input: z.object({ name, version, description: z.string().optional() }),
  async handle(input, context) {
    const updated = await editVersion(context, input.name, input.version, () => ({ description: input.description ?? '' }));
    return { model_version: mlflowModelVersion(updated) };
  }
});

const remove = defineMlflowEndpoint({
  method: 'delete',
  path: '/model-versions/delete',
  permission: 'models:delete',
  input: z.object({ name, version }),
  async handle(input, context) {
    const registry = context.services.registry;
    await withCurrentRevision(
      async () => (await registry.versions.get(input.name, input.version)).revision,
      (revision) => registry.versions.delete(input.name, input.version, revision, context.principal.name)
    );
    return {};
  }
});

const transition = defineMlflowEndpoint({
  method: 'post',
  path: '/model-versions/transition-stage',
  // Into or out of production also needs models:promote-production: the registry checks it, knowing the current stage.
  permission: 'models:promote',
  input: z.object({
    name,
    version,
    stage: z.string(),
    archive_existing_versions: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional()
  }),
  async handle(input, context) {
    const registry = context.services.registry;
    const stage = stageOf(input.stage);
    const moved = await withCurrentRevision(
      async () => (await registry.versions.get(input.name, input.version)).revision,
      (expectedRevision) =>
        registry.versions.transition(
          input.name,
          input.version,
          { expectedRevision, stage, ...(input.archive_existing_versions ? { archiveExistingVersions: true } : {}) },
          context.principal
        )
    );
    return { model_version: mlflowModelVersion(moved) };
  }
});

const setTag = defineMlflowEndpoint({
  method: 'post',
  path: '/model-versions/set-tag',
  permission: 'models:register',
  input: z.object({ name, version, key: z.string(), value: z.string() }),
  async handle(input, context) {
    await editVersion(context, input.name, input.version, (current) => ({ tags: { ...current.tags, [input.key]: input.value } }));
    return {};
  }
});

const deleteTag = defineMlflowEndpoint({
  method: 'delete',
  path: '/model-versions/delete-tag',
  permission: 'models:register',
  input: z.object({ name, version, key: z.string() }),
  async handle(input, context) {
    await editVersion(context, input.name, input.version, (current) => {
      if (!Object.hasOwn(current.tags, input.key))
        throw new NotFoundError(`version ${input.version} of ${input.name} has no tag ${input.key}`);
      return { tags: Object.fromEntries(Object.entries(current.tags).filter(([key]) => key !== input.key)) };
    });
    return {};
  }
});

const downloadUri = defineMlflowEndpoint({
  method: 'get',
  path: '/model-versions/get-download-uri',
  permission: 'models:read',
  input: z.object({ name, version }),
  async handle(input, context) {
    const found = await context.services.registry.versions.get(input.name, input.version);
    return { artifact_uri: modelVersionArtifactUri(found.model, found.version) };
  }
});

/** An edit of a version, on its current revision. */
async function editVersion(
  context: AuthenticatedContext,
  model: string,
  version: number,
  change: (current: ModelVersion) => { description?: string; tags?: Record<string, string> }
): Promise<ModelVersion> {
  const registry = context.services.registry;
  let edit: { description?: string; tags?: Record<string, string> } = {};
  return withCurrentRevision(
    async () => {
      const current = await registry.versions.get(model, version);
      edit = change(current);
      return current.revision;
    },
    (expectedRevision) =>
      registry.versions.update(
        model,
        version,
        parsePart(UpdateVersionRequestSchema, 'body', { expectedRevision, ...edit }),
        context.principal.name
      )
  );
}

export const modelVersionEndpoints = [create, get, search, update, remove, transition, setTag, deleteTag, downloadUri];
