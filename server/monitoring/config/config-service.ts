/**
 * Per-deployment monitoring configuration: stored as one document per deployment (its _id the
 * deployment's name), with the store's revision for optimistic concurrency; a deployment without
 * one reads the defaults at revision 0. The prediction stream asks for configurations many times
 * a second, so effective() keeps them briefly in memory.
 */
import { BadRequestError, DuplicateKeyError, NotFoundError, StaleRevisionError } from '../../platform/errors';
import type { Collection, DocumentStore, Stored } from '../../platform/store/port';
import {
  DEFAULT_LOW_CONFIDENCE_MARGIN,
  DEFAULT_SLO_P99_MS,
  type MonitoringConfig,
  type PutMonitoringConfigRequest,
  type TensorSpec
} from '@mlportal/contract';
import { guessTask } from './defaults';
import type { MonitoringNeighbours } from '../neighbours';
import type { Deployment } from './serving-port';

export const CONFIG_COLLECTION = 'monitoring_configs';
const CACHE_MS = 5_000;

type ConfigDocument = Omit<PutMonitoringConfigRequest, 'revision'> & { updatedAt: string; updatedBy: string };

export interface ConfigServiceDependencies {
  store: DocumentStore;
  neighbours: Pick<MonitoringNeighbours, 'serving' | 'modelVersion'>;
  now: () => Date;
}

export class MonitoringConfigService {
  private readonly configs: Collection<ConfigDocument>;
  private readonly cache = new Map<string, { config: Promise<MonitoringConfig | null>; until: number }>();

  constructor(private readonly deps: ConfigServiceDependencies) {
    this.configs = deps.store.collection<ConfigDocument>(CONFIG_COLLECTION);
  }

  /** 404 when the deployment does not exist. */
  async get(name: string): Promise<MonitoringConfig> {
    const deployment = await this.deps.neighbours.serving.deployment(name);
    return this.resolve(deployment, await this.configs.get(name));
  }

  /** The configuration as the stream of predictions uses it; null when the deployment is gone. Cached a few seconds. */
  effective(name: string): Promise<MonitoringConfig | null> {
    const now = Date.now();
    const cached = this.cache.get(name);
    if (cached && cached.until > now) return cached.config;
    const config = this.get(name).catch((err: unknown) => {
      if (err instanceof NotFoundError) return null;
      this.cache.delete(name);
      throw err;
    });
    this.cache.set(name, { config, until: now + CACHE_MS });
    return config;
  }

  async put(name: string, request: PutMonitoringConfigRequest, actor: string): Promise<MonitoringConfig> {
    const deployment = await this.deps.neighbours.serving.deployment(name);
    const { revision, ...settings } = request;
    if (settings.scoreOutput !== undefined) await this.checkOutput(deployment, settings.scoreOutput);
    const doc: ConfigDocument = { ...settings, updatedAt: this.deps.now().toISOString(), updatedBy: actor };
    const stored = await this.configs.get(name);
    let written: Stored<ConfigDocument>;
    if (revision === 0) {
      if (stored) throw new StaleRevisionError(CONFIG_COLLECTION, name, 0, stored._rev);
      written = await this.configs.insert({ _id: name, ...doc }).catch((err: unknown) => {
        if (err instanceof DuplicateKeyError) throw new StaleRevisionError(CONFIG_COLLECTION, name, 0, undefined);
        throw err;
      });
    } else {
      if (!stored) throw new StaleRevisionError(CONFIG_COLLECTION, name, revision, 0);
      // Fields left out go back to their defaults: unset them rather than keep the old values.
      const cleared = Object.fromEntries(
        Object.keys(stored)
          .filter((k) => !k.startsWith('_'))
          .map((k) => [k, undefined])
      );
      written = await this.configs.update(name, revision, { ...cleared, ...doc });
    }
    this.cache.delete(name);
    return this.resolve(deployment, written);
  }

  private async resolve(deployment: Deployment, stored: Stored<ConfigDocument> | null): Promise<MonitoringConfig> {
    const guess = stored?.task ? null : guessTask(await this.championOutputs(deployment));
    const task = stored?.task ?? guess!.task;
    const scoreOutput = stored?.scoreOutput ?? (guess && guess.task === task ? guess.scoreOutput : undefined);
    const config: MonitoringConfig = {
      deployment: deployment.name,
      task,
      lowConfidence: stored?.lowConfidence ?? { margin: DEFAULT_LOW_CONFIDENCE_MARGIN },
      sloP99Ms: stored?.sloP99Ms ?? DEFAULT_SLO_P99_MS,
      revision: stored?._rev ?? 0,
      updatedAt: stored?.updatedAt ?? deployment.createdAt,
      updatedBy: stored?.updatedBy ?? '(defaults)'
    };
    if (scoreOutput !== undefined) config.scoreOutput = scoreOutput;
    if (stored?.positiveClass !== undefined) config.positiveClass = stored.positiveClass;
    if (stored?.drift !== undefined) config.drift = stored.drift;
    return config;
  }

  private async championOutputs(deployment: Deployment): Promise<TensorSpec[]> {
    const champion = deployment.traffic[0];
    if (!champion) return [];
    const version = await this.deps.neighbours.modelVersion(champion.model, champion.version);
    return version.artifact.signature.outputs;
  }

  private async checkOutput(deployment: Deployment, output: string): Promise<void> {
    const outputs = (await this.championOutputs(deployment)).map((o) => o.name);
    if (outputs.length > 0 && !outputs.includes(output)) {
      throw new BadRequestError(
        `scoreOutput ${JSON.stringify(output)} is not an output of ${deployment.name}'s champion version; its outputs are ${outputs.join(', ')}`,
        {
          field: 'scoreOutput',
          outputs
        }
      );
    }
  }
}
