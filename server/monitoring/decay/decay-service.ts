/**
 * Model decay: late ground-truth labels joined to logged predictions by id, quality over time from
 * the aggregates they feed, and the queue of low-confidence predictions waiting for a label.
 */
import { requireMayRead, type Reader } from '../../auth/rows';
import { BadRequestError, ConflictError, NotFoundError } from '../../platform/errors';
import type { Logger } from '../../platform/logging';
import type { DocumentStore } from '../../platform/store/port';
import type { MonitoringConfigService } from '../config/config-service';
import type { MonitoringConfig, QualityPoint, QualityQuery, QualityReport, SendLabelsRequest } from '@mlportal/contract';
import type { LoggedPrediction, ServingReadings } from '../config/serving-port';
import { LabellingQueue, type QueuedPrediction } from './labelling-queue';
import { modelValueOf, truthOf } from './observations';
import { emptyAggregate, mergeAggregates, metricsOf, type QualityAggregate } from './quality-aggregate';
import { QUALITY_BUCKET_MS, QualityStore, type NewLabel } from './quality-store';
import { SerialWork } from './serial-work';
import { DAY_MS, floorTo, parseDuration, stepStarts, windowOf } from './time-steps';

const NAMED_IN_ERRORS = 20;

export interface DecayDependencies {
  store: DocumentStore;
  serving: ServingReadings;
  configs: MonitoringConfigService;
  logger: Logger;
  now: () => Date;
}

export class DecayService {
  private readonly records: QualityStore;
  private readonly queue: LabellingQueue;
  private readonly writes = new SerialWork();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: DecayDependencies) {
    this.records = new QualityStore(deps.store);
    this.queue = new LabellingQueue(deps.store);
  }

  async prepare(): Promise<void> {
    await this.records.prepare();
    await this.queue.prepare();
    this.unsubscribe = this.deps.serving.onLogged((batch) => {
      this.writes
        .run(() => this.queueLowConfidence(batch))
        .catch((err: unknown) => this.deps.logger.warn({ err }, 'could not queue low-confidence predictions for labelling'));
    });
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.writes.drained();
  }

  /** Waits until the predictions logged so far went through the labelling queue (tests). */
  settled(): Promise<void> {
    return this.writes.drained();
  }

  /** Joins labels to logged predictions; unknown ids → 404 naming them and nothing stored; a label that does not fit the task → 400. */
  async recordLabels(request: SendLabelsRequest, actor: string): Promise<{ accepted: number }> {
    const latest = new Map(request.labels.map((l) => [l.predictionId, l.label]));
    const ids = [...latest.keys()];
    const predictions = await this.deps.serving.predictions(ids);
    const byId = new Map(predictions.map((p) => [p.id, p]));
    const unknown = ids.filter((id) => !byId.has(id));
    if (unknown.length > 0) {
      throw new NotFoundError(`no logged prediction with id ${named(unknown)}; nothing was stored`, { unknownPredictionIds: unknown });
    }
    const configs = await this.configsFor(predictions);
    const labels: NewLabel[] = [];
    const problems: string[] = [];
    for (const [predictionId, label] of latest) {
      const prediction = byId.get(predictionId)!;
      const config = configs.get(prediction.deployment)!;
      const truth = truthOf(label, config);
      const estimate = modelValueOf(prediction, config);
      if (typeof truth === 'string') problems.push(`${predictionId}: ${truth}`);
      else if (estimate === null)
        problems.push(
          `${predictionId}: its output ${config.scoreOutput ?? '(first)'} holds no ${config.task === 'classification' ? 'probability' : 'number'}`
        );
      else
        labels.push({
          predictionId,
          deployment: prediction.deployment,
          model: prediction.model,
          version: prediction.version,
          role: prediction.role,
          predictedAt: prediction.at,
          task: config.task,
          label,
          truth,
          estimate
        });
    }
    if (problems.length > 0) {
      throw new BadRequestError(
        `${problems.length} label(s) do not fit their deployment's task; nothing was stored: ${problems.slice(0, NAMED_IN_ERRORS).join('; ')}`,
        { problems }
      );
    }
    await this.writes.run(async () => {
      await this.records.record(labels, actor, this.deps.now());
      await this.queue.drop(ids);
    });
    return { accepted: labels.length };
  }

  async quality(deployment: string, query: QualityQuery): Promise<QualityReport> {
    const config = await this.deps.configs.get(deployment);
    const stepMs = parseDuration(query.step, 'step');
    const window = windowOf(query, this.deps.now(), 7 * DAY_MS);
    const starts = stepStarts(window, stepMs, QUALITY_BUCKET_MS);
    const from = new Date(starts[0]);
    const buckets = (await this.records.bucketsBetween(deployment, from, window.to)).filter((b) => b.aggregate.task === config.task);
    const served = buckets.filter((b) => b.role !== 'shadow');
    const versions = new Map<string, typeof buckets>();
    for (const bucket of buckets) {
      const key = `${bucket.model}@${bucket.version}`;
      versions.set(key, [...(versions.get(key) ?? []), bucket]);
    }
    return {
      deployment,
      task: config.task,
      from: from.toISOString(),
      to: window.to.toISOString(),
      step: query.step,
      series: seriesOf(served, starts, stepMs, config),
      total: metricsOf(mergeAll(served, config)),
      byVersion: [...versions.values()].map((own) => ({
        model: own[0].model,
        version: own[0].version,
        roles: [...new Set(own.map((b) => b.role))],
        total: metricsOf(mergeAll(own, config)),
        series: seriesOf(own, starts, stepMs, config)
      }))
    };
  }

  /** Queued rows are logged predictions (inputs and outputs): for `reader` only if it may read rows (auth/rows.ts). */
  async labellingQueue(deployment: string, limit: number, reader: Reader): Promise<{ items: QueuedPrediction[] }> {
    await this.deps.serving.deployment(deployment);
    requireMayRead(reader, { rows: true }, `the labelling queue of ${deployment}`);
    return { items: await this.queue.list(deployment, limit, (ids) => this.records.labelled(ids)) };
  }

  private async configsFor(predictions: LoggedPrediction[]): Promise<Map<string, MonitoringConfig>> {
    const configs = new Map<string, MonitoringConfig>();
    for (const deployment of new Set(predictions.map((p) => p.deployment))) {
      const config = await this.deps.configs.effective(deployment);
      if (!config)
        throw new ConflictError(`deployment ${deployment} no longer exists, so its predictions cannot be labelled`, 'deployment_deleted', {
          deployment
        });
      configs.set(deployment, config);
    }
    return configs;
  }

  private async queueLowConfidence(batch: LoggedPrediction[]): Promise<void> {
    const byDeployment = new Map<string, LoggedPrediction[]>();
    for (const prediction of batch)
      byDeployment.set(prediction.deployment, [...(byDeployment.get(prediction.deployment) ?? []), prediction]);
    for (const [deployment, rows] of byDeployment) {
      const config = await this.deps.configs.effective(deployment);
      if (config) await this.queue.offer(rows, config);
    }
  }
}

type Bucket = { start: string; aggregate: QualityAggregate };

function mergeAll(buckets: Bucket[], config: MonitoringConfig): QualityAggregate {
  return buckets.reduce<QualityAggregate>((sum, b) => mergeAggregates(sum, b.aggregate), emptyAggregate(config.task));
}

function seriesOf(buckets: Bucket[], starts: number[], stepMs: number, config: MonitoringConfig): QualityPoint[] {
  const byStep = new Map<number, Bucket[]>();
  for (const bucket of buckets) {
    const step = floorTo(Date.parse(bucket.start), stepMs);
    byStep.set(step, [...(byStep.get(step) ?? []), bucket]);
  }
  return starts.map((start) => ({ start: new Date(start).toISOString(), ...metricsOf(mergeAll(byStep.get(start) ?? [], config)) }));
}

function named(ids: string[]): string {
  const shown = ids.slice(0, NAMED_IN_ERRORS).join(', ');
  return ids.length > NAMED_IN_ERRORS ? `${shown} and ${ids.length - NAMED_IN_ERRORS} more` : shown;
}
