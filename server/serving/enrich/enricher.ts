/**
 * Feature-enriched prediction: entity keys in, the model's input out. The version's lineage names
 * the features it was trained on (with their group versions); its ONNX feature_names give the
 * column order; the online store gives the latest values. A missing value is refused, naming the
 * entity and the feature, rather than guessed.
 */
import { BadRequestError } from '../../platform/errors';
import type { Signature } from '@mlportal/contract';
import type { EntityKeys, VersionRef } from '../engine';
import type { ServingNeighbours } from '../neighbours';
import type { Feeds } from '../runtime/types';

export interface EnricherDeps {
  /** The version's lineage (registry) and the entities' online values (feature store). */
  neighbours: Pick<ServingNeighbours, 'modelVersion' | 'onlineFeatures'>;
  /** The version's ONNX feature_names (the engine reads them when it loads the version). */
  featureNames(ref: VersionRef): string[] | null;
}

interface Columns {
  names: string[];
  references: string[];
}

export class FeatureEnricher {
  /** Lineage never changes for a version: the columns are worked out once. */
  private readonly columns = new Map<string, Promise<Columns>>();

  constructor(private readonly deps: EnricherDeps) {}

  async feeds(ref: VersionRef, signature: Signature, entities: EntityKeys): Promise<Feeds> {
    const { names, references } = await this.columnsOf(ref);
    const input = signature.inputs[0];
    const width = input?.shape.length === 2 ? input.shape[1] : undefined;
    if (signature.inputs.length !== 1 || input.shape.length !== 2 || (typeof width === 'number' && width !== names.length)) {
      throw new BadRequestError(
        `model version ${label(ref)} does not take one row of its ${names.length} features; send its inputs themselves`,
        undefined,
        'invalid_input'
      );
    }
    const looked = await this.deps.neighbours.onlineFeatures({ features: references, entities });
    const data: Array<number | string> = [];
    looked.values.forEach((row, i) => {
      row.forEach((value, j) => {
        if (value === null) {
          throw new BadRequestError(
            `entity ${JSON.stringify(entities[i])} has no online value for feature ${names[j]} (${references[j]}); ingest it, or send the features themselves`,
            { entity: entities[i], feature: names[j], reference: references[j] },
            'missing_feature_value'
          );
        }
        data.push(typeof value === 'boolean' ? Number(value) : value);
      });
    });
    return { [input.name]: { type: input.elementType, dims: [entities.length, names.length], data: data as number[] } };
  }

  private columnsOf(ref: VersionRef): Promise<Columns> {
    const key = label(ref);
    let columns = this.columns.get(key);
    if (!columns) {
      columns = this.resolveColumns(ref);
      this.columns.set(key, columns);
      columns.catch(() => this.columns.delete(key));
    }
    return columns;
  }

  private async resolveColumns(ref: VersionRef): Promise<Columns> {
    const version = await this.deps.neighbours.modelVersion(ref.model, ref.version);
    const names = this.deps.featureNames(ref);
    const lineage = version.lineage.features;
    if (!names || lineage.length === 0) {
      throw new BadRequestError(
        `model version ${label(ref)} has no feature lineage: send the features themselves`,
        { model: ref.model, version: ref.version },
        'no_feature_lineage'
      );
    }
    const references = names.map((name) => {
      const found = lineage.find((feature) => feature.feature === name);
      if (!found) {
        throw new BadRequestError(
          `model version ${label(ref)} takes feature ${JSON.stringify(name)}, which its training set did not read from the feature store: send the features themselves`,
          { model: ref.model, version: ref.version, feature: name },
          'no_feature_lineage'
        );
      }
      return found.reference;
    });
    return { names, references };
  }
}

const label = (ref: VersionRef): string => `${ref.model} v${ref.version}`;
