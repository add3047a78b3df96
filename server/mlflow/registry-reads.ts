/** Reads of the registry that MLflow's searches need, where our API pages or answers 404. */
import { NotFoundError } from '../platform/errors';
import { type RegisteredModel, REGISTRY_LIMITS } from '@mlportal/contract';
import type { RegistryService } from '../registry/service';
import { readAll } from './paging';

/** Every registered model, for searches that filter what the registry cannot. */
export function allRegisteredModels(registry: RegistryService): Promise<RegisteredModel[]> {
  return readAll(async (pageToken) => {
    const page = await registry.models.list({ maxResults: REGISTRY_LIMITS.listResults, ...(pageToken ? { pageToken } : {}) });
    return { items: page.models, nextPageToken: page.nextPageToken };
  });
}

/** A search finds nothing where our API says 404 (a model that does not exist). */
export function noneIfNotFound<T>(found: Promise<T[]>): Promise<T[]> {
  return found.catch((err: unknown) => (err instanceof NotFoundError ? [] : Promise.reject(err)));
}
