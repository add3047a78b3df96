import { OnnxExportError } from './errors';
import { BATCH, GraphWriter, attr, type Attribute } from './model-writer';
import { positiveInteger } from './checks';
import { checkPrecision, type Precision } from './precision';

/** Options every exporter takes. */
export interface ExportOptions {
  /** Name of the float32 [batch, features] input tensor; default "input". */
  inputName?: string;
  /** One name per input column, in order; recorded in the model's metadata as `feature_names` (a JSON array). */
  featureNames?: readonly string[];
  /** Free text stored as the model's doc string. */
  description?: string;
  /**
   * The graph's arithmetic: 'float32' (default, fastest) or 'float64' (like the TypeScript model,
   * for inputs whose large terms cancel). Inputs and outputs are float32 either way; see
   * EXPORT_TOLERANCE for how close each comes to the model's own predictions.
   */
  precision?: Precision;
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
  /** The arithmetic's precision, and so the element type of computeInput() and floatConstant(). */
  precision: Precision;
  /** The input in the arithmetic's precision: the input itself, or (float64) one Cast of it. */
  computeInput(): string;
  /** A constant in the arithmetic's precision. */
  floatConstant(prefix: string, dims: readonly number[], values: readonly number[]): string;
  /**
   * Adds the op that yields the float32 graph output `output` (declared already) and returns the
   * tensor later ops should read: in float32 the op writes the output itself; in float64 it writes a
   * float64 tensor (returned) that a Cast rounds into the output.
   */
  floatOutput(opType: string, inputs: readonly string[], attributes: Record<string, Attribute>, output: string): string;
  /** Serializes the model with the kind and feature names in its metadata. */
  finish(): Uint8Array;
}

/**
 * Declares the input every exporter shares. The input is float32 because that is what serving
 * stacks feed (v2 FP32); `options.precision` picks the arithmetic after it.
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
  const precision = checkPrecision(options.precision, kind);
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
    precision,
    computeInput: () =>
      precision === 'float32' ? input : (widened ??= graph.op('Cast', [input], { to: attr.int(CAST_TO.float64) }, 'input_float64')),
    floatConstant: (prefix, dims, values) => graph.constant(prefix, precision, dims, values),
    floatOutput: (opType, inputs, attributes, output) => {
      if (precision === 'float32') return graph.op(opType, inputs, attributes, output);
      const wide = graph.op(opType, inputs, attributes, `${output}_float64`);
      graph.op('Cast', [wide], { to: attr.int(CAST_TO.float32) }, output);
      return wide;
    },
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
