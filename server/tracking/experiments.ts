/** Experiments: named groups of runs, with the default experiment "0" that MLflow clients assume. */
import { randomInt } from 'node:crypto';
import { parsePart } from '../api/validation';
import { ConflictError, DuplicateKeyError, NotFoundError } from '../platform/errors';
import type { Collection, DocumentStore, Stored } from '../platform/store/port';
import { COLLECTIONS, toExperiment, type Actor, type ExperimentDocument } from './documents';
import { toEntries } from './keys';
import {
  type CreateExperimentRequest,
  CreateExperimentRequestSchema,
  DEFAULT_EXPERIMENT_ID,
  type Experiment,
  type ExperimentList,
  type ListExperimentsQuery,
  ListExperimentsQuerySchema,
  TRACKING_LIMITS,
  type UpdateExperimentRequest,
  UpdateExperimentRequestSchema
} from '@mlportal/contract';
import { decodePageToken, encodePageToken, searchFingerprint } from './search/page-token';

export const DEFAULT_EXPERIMENT_NAME = 'Default';

export class Experiments {
  private readonly experiments: Collection<ExperimentDocument>;

  constructor(
    store: DocumentStore,
    private readonly now: () => Date
  ) {
    this.experiments = store.collection<ExperimentDocument>(COLLECTIONS.experiments);
  }

  async prepare(): Promise<void> {
    await this.experiments.ensureIndex({ fields: ['name'], unique: true });
  }

  async create(request: CreateExperimentRequest, actor: Actor): Promise<Experiment> {
    const checked = parsePart(CreateExperimentRequestSchema, 'body', request);
    const at = this.now().toISOString();
    try {
      const stored = await this.experiments.insert({
        // Digits like MLflow's experiment ids (18, as its file store makes them): clients parse some as numbers.
        _id: String(randomInt(1, 10)) + String(randomInt(0, 1e9)).padStart(9, '0') + String(randomInt(0, 1e8)).padStart(8, '0'),
        name: checked.name,
        ...(checked.description !== undefined ? { description: checked.description } : {}),
        tags: toEntries(checked.tags ?? {}),
        lifecycleStage: 'active',
        createdAt: at,
        updatedAt: at,
        createdBy: actor
      });
      return toExperiment(stored);
    } catch (err) {
      throw nameClash(err, checked.name);
    }
  }

  async get(id: string): Promise<Experiment> {
    return toExperiment(await this.require(id));
  }

  /** 404 when no experiment has exactly this name. */
  async getByName(name: string): Promise<Experiment> {
    const stored = await this.experiments.findOne({ name: name.trim() });
    if (!stored) throw new NotFoundError(`no experiment named ${JSON.stringify(name)}`, { name });
    return toExperiment(stored);
  }

  /** By name: exact (`name`) or containing `search`, ignoring case; paged in name order. */
  async list(query: ListExperimentsQuery = {}): Promise<ExperimentList> {
    const {
      name,
      search,
      maxResults = TRACKING_LIMITS.defaultMaxResults,
      pageToken
    } = parsePart(ListExperimentsQuerySchema, 'query', query);
    const fingerprint = searchFingerprint(['experiments', name ?? null, search ?? null]);
    const { offset } = decodePageToken(pageToken, fingerprint);
    let page: Stored<ExperimentDocument>[];
    if (search !== undefined) {
      // Experiments are few (hundreds, not millions): a substring match in memory is fine.
      const needle = search.toLowerCase();
      const matching = (await this.experiments.find(name !== undefined ? { name } : {}, { sort: { name: 1 } })).filter((e) =>
        e.name.toLowerCase().includes(needle)
      );
      page = matching.slice(offset, offset + maxResults + 1);
    } else {
      page = await this.experiments.find(name !== undefined ? { name: name.trim() } : {}, {
        sort: { name: 1 },
        skip: offset,
        limit: maxResults + 1
      });
    }
    const more = page.length > maxResults;
    return {
      experiments: page.slice(0, maxResults).map(toExperiment),
      ...(more ? { nextPageToken: encodePageToken({ phase: 0, offset: offset + maxResults }, fingerprint) } : {})
    };
  }

  async update(id: string, request: UpdateExperimentRequest, _actor: Actor): Promise<Experiment> {
    const checked = parsePart(UpdateExperimentRequestSchema, 'body', request);
    const stored = await this.require(id);
    try {
      const updated = await this.experiments.update(id, checked.expectedRevision, {
        ...(checked.name !== undefined ? { name: checked.name } : {}),
        ...(checked.description !== undefined ? { description: checked.description } : {}),
        ...(checked.tags !== undefined ? { tags: { ...stored.tags, ...toEntries(checked.tags) } } : {}),
        updatedAt: this.now().toISOString()
      });
      return toExperiment(updated);
    } catch (err) {
      throw nameClash(err, checked.name ?? stored.name);
    }
  }

  /** The default experiment "0" (the service creates it when prepared). */
  async ensureDefault(): Promise<Experiment> {
    return this.get(DEFAULT_EXPERIMENT_ID);
  }

  /** Creates the default experiment "0" unless it exists. */
  async createDefault(): Promise<Experiment> {
    const existing = await this.experiments.get(DEFAULT_EXPERIMENT_ID);
    if (existing) return toExperiment(existing);
    const at = this.now().toISOString();
    try {
      return toExperiment(
        await this.experiments.insert({
          _id: DEFAULT_EXPERIMENT_ID,
          name: DEFAULT_EXPERIMENT_NAME,
          tags: {},
          lifecycleStage: 'active',
          createdAt: at,
          updatedAt: at,
          createdBy: 'mlportal'
        })
      );
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      const raced = await this.experiments.get(DEFAULT_EXPERIMENT_ID);
      if (raced) return toExperiment(raced);
      throw new ConflictError(
        `the default experiment "0" cannot be created: another experiment is already named ${JSON.stringify(DEFAULT_EXPERIMENT_NAME)}; rename it`,
        'duplicate'
      );
    }
  }

  async require(id: string): Promise<Stored<ExperimentDocument>> {
    const stored = await this.experiments.get(id);
    if (!stored) throw new NotFoundError(`no experiment with id ${JSON.stringify(id)}`, { experimentId: id });
    return stored;
  }
}

function nameClash(err: unknown, name: string): unknown {
  if (err instanceof DuplicateKeyError && !/_id/.test(err.message)) {
    return new ConflictError(`an experiment named ${JSON.stringify(name)} already exists`, 'duplicate', { name });
  }
  return err;
}
