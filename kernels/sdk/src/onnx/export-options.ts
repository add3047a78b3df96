import { OnnxExportError } from './errors';
import { BATCH, GraphWriter, attr } from './model-writer';
import { positiveInteger } from './checks';

/** Options every exporter takes. */
export interface ExportOptions {
  /** Name of the float32 [batch, features] input tensor; default "input". */
  inputName?: string;
  /** One name per input column, in order; recorded in the model's metadata as `feature_names` (a JSON array). */
  featureNames?: readonly string[];
  /** Free text stored as the model's doc string. */
  description?: string;
}

export const DEFAULT_INPUT_NAME = 'input';

/** ONNX TensorProto.DataType codes, as Cast's `to` attribute wants them. */
export const CAST_TO = { float32: 1, int64: 7, float64: 11 } as const;

/** A graph with its float32 [batch, featureCount] input declared, and how to finish it. */
export interface StartedGraph {
  graph: GraphWriter;
  /** The declared input (float32). */
  input: string;
  featureCount: number;
  /** The input widened to float64, for exporters that compute in float64 like the JavaScript models do. */
  inputAsFloat64(): string;
  /** Serializes the model with the kind and feature names in its metadata. */
  finish(): Uint8Array;
}

/**
 * Declares the input every exporter shares. The input is float32 because that is what serving
 * stacks feed; the arithmetic after it is each exporter's choice.
 */
export function startGraph(kind: string, featureCount: number, options: ExportOptions = {}): StartedGraph {
  positiveInteger(featureCount, `${kind}: the number of input features`);
  const featureNames = options.featureNames;
  if (featureNames !== undefined) {
    if (!Array.isArray(featureNames) || featureNames.some((n) => typeof n !== 'string' || n === '')) {
      throw new OnnxExportError(`${kind}: featureNames must be an array of non-empty strings`);
    }
    if (featureNames.length !== featureCount) {
      throw new OnnxExportError(`${kind}: featureNames has ${featureNames.length} names but the model takes ${featureCount} features`);
    }
  }
  const inputName = options.inputName ?? DEFAULT_INPUT_NAME;
  if (typeof inputName !== 'string' || inputName.trim() === '') {
    throw new OnnxExportError(`${kind}: inputName must be a non-empty string`);
  }
  const graph = new GraphWriter(kind);
  const input = graph.input({
    name: inputName,
    elementType: 'float32',
    shape: [BATCH, featureCount],
    docString: featureNames ? `features: ${featureNames.join(', ')}` : undefined
  });
  let widened: string | null = null;
  return {
    graph,
    input,
    featureCount,
    inputAsFloat64: () => (widened ??= graph.op('Cast', [input], { to: attr.int(CAST_TO.float64) }, 'input_float64')),
    finish: () =>
      graph.toBytes({
        docString: options.description,
        metadata: {
          'mlportal.model_kind': kind,
          ...(featureNames ? { feature_names: JSON.stringify(featureNames) } : {})
        }
      })
  };
}
