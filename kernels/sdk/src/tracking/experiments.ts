import { ExperimentListSchema, ExperimentSchema, TRACKING_LIMITS } from '@mlportal/contract';
import { ClientBoundApi, segment } from '../client-bound';
import { MlportalApiError, MlportalError } from '../errors';
import type { CreateExperimentRequest, Experiment, ExperimentPage, ExperimentQuery, UpdateExperimentRequest } from './types';

export const EXPERIMENTS_PATH = '/api/v1/experiments';

/** Experiments, which group runs: `client.experiments`. Browser-safe. */
export class ExperimentsApi extends ClientBoundApi {
  /** A new experiment; 409 duplicate when the name is taken. */
  async create(request: CreateExperimentRequest): Promise<Experiment> {
    checkName(request.name);
    return this.call(ExperimentSchema, EXPERIMENTS_PATH, { method: 'POST', body: request });
  }

  get(id: string): Promise<Experiment> {
    return this.call(ExperimentSchema, `${EXPERIMENTS_PATH}/${segment(id)}`);
  }

  /** The experiment of exactly that name, or null. */
  async getByName(name: string): Promise<Experiment | null> {
    // The backend keeps names trimmed.
    const wanted = name.trim();
    const page = await this.list({ name: wanted, maxResults: 1 });
    return page.experiments.find((experiment) => experiment.name === wanted) ?? null;
  }

  /** One page of experiments; pass its nextPageToken for the next. */
  list(query: ExperimentQuery = {}): Promise<ExperimentPage> {
    return this.call(ExperimentListSchema, EXPERIMENTS_PATH, { query: { ...query } });
  }

  /** The experiment of that name, created when missing (also when someone else creates it meanwhile). */
  async ensure(name: string): Promise<Experiment> {
    const found = await this.getByName(name);
    if (found) return found;
    try {
      return await this.create({ name });
    } catch (error) {
      const concurrent = error instanceof MlportalApiError && error.status === 409 ? await this.getByName(name) : null;
      if (concurrent) return concurrent;
      throw error;
    }
  }

  /** Changes name, description or tags; without expectedRevision the current one is read first. */
  async update(id: string, request: UpdateExperimentRequest): Promise<Experiment> {
    if (request.name !== undefined) checkName(request.name);
    const expectedRevision = request.expectedRevision ?? (await this.get(id)).revision;
    return this.call(ExperimentSchema, `${EXPERIMENTS_PATH}/${segment(id)}`, {
      method: 'PATCH',
      body: { ...request, expectedRevision }
    });
  }
}

function checkName(name: string): void {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed.length < 1 || trimmed.length > TRACKING_LIMITS.experimentName) {
    throw new MlportalError(`experiment name must be 1 to ${TRACKING_LIMITS.experimentName} characters; got ${JSON.stringify(name)}`);
  }
}
