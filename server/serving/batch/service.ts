/**
 * Batch (offline) scoring: a model version scores a training set or an uploaded file as a job on the training
 * platform's executors (score-cli.ts runs inside it). Everything that can be known before it runs is checked first —
 * the version exists and batch scoring can fill its inputs, the rows exist and have the columns its features need —
 * so a request that cannot succeed is refused naming what is wrong, and no job is submitted.
 */
import type { Readable } from 'node:stream';
import type { Config } from '../../config';
import type { ArtifactStore } from '../../platform/artifacts/port';
import type { Principal } from '../../platform/principal';
import type { DocumentStore } from '../../platform/store/port';
import type { BatchScoringRequest, Job } from '@mlportal/contract';
import { BadRequestError, NotFoundError } from '../../platform/errors';
import { readFeatureNames } from '../engine/feature-names';
import type { ServingNeighbours } from '../neighbours';
import { scoringCommand } from './command';
import { BatchInputs, type BatchInput } from './inputs';
import { missingColumns, planInputs, ScoringPlanError } from './model-columns';
import type { TableFormat } from './read-table';

/** Rethrows a NotFoundError with the request field it came from in front. */
async function named<T>(field: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof NotFoundError) throw new NotFoundError(`${field}: ${err.message}`, { field });
    throw err;
  }
}

export interface BatchScoringDependencies {
  store: DocumentStore;
  artifacts: ArtifactStore;
  config: Pick<Config, 'dataDir' | 'maxUploadBytes' | 'jobQueues' | 'serverImage'>;
  /** The version and its ONNX file (registry), the training set (feature store), and the job that scores (jobs). */
  neighbours: Pick<ServingNeighbours, 'modelVersion' | 'modelBytes' | 'trainingSet' | 'submitJob'>;
}

export class BatchScoring {
  readonly inputs: BatchInputs;

  constructor(private readonly deps: BatchScoringDependencies) {
    this.inputs = new BatchInputs(deps.store, deps.artifacts, deps.config.dataDir, deps.config.maxUploadBytes);
  }

  uploadInput(body: Readable, format: TableFormat, principal: Principal): Promise<BatchInput> {
    return this.inputs.upload(body, format, principal.tokenId);
  }

  async submit(request: BatchScoringRequest, principal: Principal): Promise<Job> {
    const { neighbours, config } = this.deps;
    const { model, version } = request;
    const found = await named('body.version', () => neighbours.modelVersion(model, version));
    const featureNames = readFeatureNames(await neighbours.modelBytes(model, version));
    let plan;
    try {
      plan = planInputs(found.artifact.signature, featureNames, `model ${model} version ${version}`);
    } catch (err) {
      if (err instanceof ScoringPlanError) throw new BadRequestError(err.message, { field: 'body.version' }, 'unscorable_model');
      throw err;
    }
    const source =
      request.trainingSetId !== undefined
        ? await this.trainingSetColumns(request.trainingSetId)
        : await this.inputColumns(request.inputId!);
    const missing = missingColumns(plan, source.columns);
    if (missing.length > 0) {
      throw new BadRequestError(
        `${source.what} lacks the column${missing.length === 1 ? '' : 's'} ${missing.join(', ')} that model ${model} version ${version} needs ` +
          `(its features: ${plan.flatMap((p) => p.columns).join(', ')}; it has: ${source.columns.join(', ')})`,
        { field: source.field, missing },
        'columns_mismatch'
      );
    }
    const queueName = request.queue ?? config.jobQueues[0].name;
    const executor = config.jobQueues.find((queue) => queue.name === queueName)?.executor ?? 'local';
    const sourceArgs = request.trainingSetId !== undefined ? ['--training-set', request.trainingSetId] : ['--input', request.inputId!];
    return neighbours.submitJob(
      {
        name: `batch scoring ${model} v${version} on ${request.trainingSetId ?? request.inputId}`,
        image: config.serverImage,
        command: scoringCommand(executor),
        args: ['--model', model, '--version', String(version), '--format', request.format, ...sourceArgs],
        inputs: { trainingSets: request.trainingSetId !== undefined ? [request.trainingSetId] : [], modelVersions: [{ model, version }] },
        // The output is the input rows with their predictions: only row readers may download it (auth/rows.ts).
        outputs: { rows: true },
        ...(request.queue !== undefined ? { queue: request.queue } : {})
      },
      principal
    );
  }

  private async trainingSetColumns(id: string): Promise<{ columns: string[]; what: string; field: string }> {
    const set = await named('body.trainingSetId', () => this.deps.neighbours.trainingSet(id));
    return { columns: set.columns.map((c) => c.name), what: `training set ${id}`, field: 'body.trainingSetId' };
  }

  private async inputColumns(id: string): Promise<{ columns: string[]; what: string; field: string }> {
    const input = await named('body.inputId', () => this.inputs.get(id));
    return { columns: input.columns, what: `the uploaded file ${id}`, field: 'body.inputId' };
  }
}
