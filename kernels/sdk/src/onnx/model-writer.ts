import { onnx as proto } from 'onnx-proto';
import { OnnxExportError } from './errors';

/** Element types the exporters write. */
export type ElementType = 'float32' | 'float64' | 'int64' | 'bool';

/** A graph input or output: a dimension is a fixed size or a symbolic name such as "batch". */
export interface TensorSpec {
  name: string;
  elementType: ElementType;
  shape: Array<number | string>;
  docString?: string;
}

/** The symbolic first dimension of every input and output the exporters write. */
export const BATCH = 'batch';

/** The standard operator set and the ONNX-ML one (tree ensembles), and the IR version that carries both (ONNX 1.12). */
export const OPSET_ONNX = 17;
export const OPSET_ONNX_ML = 3;
export const IR_VERSION = 8;
export const ML_DOMAIN = 'ai.onnx.ml';
export const PRODUCER_NAME = 'mlportal';

const DATA_TYPES: Record<ElementType, proto.TensorProto.DataType> = {
  float32: proto.TensorProto.DataType.FLOAT,
  float64: proto.TensorProto.DataType.DOUBLE,
  int64: proto.TensorProto.DataType.INT64,
  bool: proto.TensorProto.DataType.BOOL
};

/** Attribute values carry their ONNX type explicitly: a JavaScript number cannot say whether it is an int or a float. */
export type Attribute =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'strings'; value: readonly string[] }
  | { kind: 'tensor'; elementType: ElementType; value: readonly number[] };

export const attr = {
  int: (value: number): Attribute => ({ kind: 'int', value }),
  float: (value: number): Attribute => ({ kind: 'float', value }),
  string: (value: string): Attribute => ({ kind: 'string', value }),
  ints: (value: readonly number[]): Attribute => ({ kind: 'ints', value }),
  floats: (value: readonly number[]): Attribute => ({ kind: 'floats', value }),
  strings: (value: readonly string[]): Attribute => ({ kind: 'strings', value }),
  /** A 1-D tensor: how ONNX-ML ops such as TreeEnsembleRegressor take float64 values (`*_as_tensor`). */
  tensor: (elementType: ElementType, value: readonly number[]): Attribute => ({ kind: 'tensor', elementType, value })
};

const utf8 = new TextEncoder();

function attributeProto(name: string, attribute: Attribute): proto.IAttributeProto {
  const types = proto.AttributeProto.AttributeType;
  switch (attribute.kind) {
    case 'int':
      return { name, type: types.INT, i: attribute.value };
    case 'float':
      return { name, type: types.FLOAT, f: attribute.value };
    case 'string':
      return { name, type: types.STRING, s: utf8.encode(attribute.value) };
    case 'ints':
      return { name, type: types.INTS, ints: [...attribute.value] };
    case 'floats':
      return { name, type: types.FLOATS, floats: [...attribute.value] };
    case 'strings':
      return { name, type: types.STRINGS, strings: attribute.value.map((s) => utf8.encode(s)) };
    case 'tensor':
      return {
        name,
        type: types.TENSOR,
        t: {
          dataType: DATA_TYPES[attribute.elementType],
          dims: [attribute.value.length],
          rawData: rawData(attribute.elementType, attribute.value)
        }
      };
  }
}

function valueInfo(spec: TensorSpec): proto.IValueInfoProto {
  return {
    name: spec.name,
    docString: spec.docString,
    type: {
      tensorType: {
        elemType: DATA_TYPES[spec.elementType],
        shape: { dim: spec.shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) }
      }
    }
  };
}

/** Little-endian bytes of the values (ONNX raw_data is little-endian; so is every platform Node runs on). */
function rawData(elementType: ElementType, values: readonly number[]): Uint8Array {
  switch (elementType) {
    case 'float32':
      return new Uint8Array(Float32Array.from(values).buffer);
    case 'float64':
      return new Uint8Array(Float64Array.from(values).buffer);
    case 'int64':
      return new Uint8Array(BigInt64Array.from(values, (v) => BigInt(v)).buffer);
    case 'bool':
      return Uint8Array.from(values, (v) => (v ? 1 : 0));
  }
}

/**
 * Builds one ONNX graph and writes it as a model. Names handed out by `fresh` never collide with
 * each other or with the declared inputs and outputs.
 */
export class GraphWriter {
  private readonly inputs: TensorSpec[] = [];
  private readonly outputs: TensorSpec[] = [];
  private readonly initializers: proto.ITensorProto[] = [];
  private readonly nodes: proto.INodeProto[] = [];
  private readonly usedNames = new Set<string>();
  private usesMlDomain = false;

  constructor(private readonly graphName: string) {}

  /** Declares a graph input; the name must be free. */
  input(spec: TensorSpec): string {
    this.claim(spec.name, 'input');
    this.inputs.push(spec);
    return spec.name;
  }

  /** Declares a graph output; some node must produce a tensor of that name. */
  output(spec: TensorSpec): string {
    this.claim(spec.name, 'output');
    this.outputs.push(spec);
    return spec.name;
  }

  /** A name no other tensor in the graph uses, based on `prefix`. */
  fresh(prefix: string): string {
    let name = prefix;
    for (let n = 1; this.usedNames.has(name); n++) name = `${prefix}_${n}`;
    this.usedNames.add(name);
    return name;
  }

  /** A constant tensor; returns its name. */
  constant(prefix: string, elementType: ElementType, dims: readonly number[], values: readonly number[]): string {
    const expected = dims.reduce((a, b) => a * b, 1);
    if (values.length !== expected) {
      throw new OnnxExportError(`constant ${prefix} has ${values.length} values, but its shape [${dims.join(', ')}] needs ${expected}`);
    }
    const name = this.fresh(prefix);
    this.initializers.push({ name, dataType: DATA_TYPES[elementType], dims: [...dims], rawData: rawData(elementType, values) });
    return name;
  }

  /**
   * Adds a node. `outputs` are names already claimed (graph outputs) or prefixes for fresh names;
   * returns the node's output names in order.
   */
  node(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[] = [opType],
    attributes: Record<string, Attribute> = {},
    domain = ''
  ): string[] {
    const declaredOutputs = new Set(this.outputs.map((o) => o.name));
    const outputNames = outputs.map((o) => (declaredOutputs.has(o) ? o : this.fresh(o)));
    if (domain === ML_DOMAIN) this.usesMlDomain = true;
    this.nodes.push({
      opType,
      domain,
      name: this.fresh(`${opType}_node`),
      input: [...inputs],
      output: outputNames,
      attribute: Object.entries(attributes).map(([name, value]) => attributeProto(name, value))
    });
    return outputNames;
  }

  /** Adds a single-output node and returns its output name. */
  op(opType: string, inputs: readonly string[], attributes: Record<string, Attribute> = {}, output: string = opType, domain = ''): string {
    return this.node(opType, inputs, [output], attributes, domain)[0];
  }

  /** The serialized model: opset ai.onnx 17 (plus ai.onnx.ml 3 when a node uses it), IR version 8, producer "mlportal". */
  toBytes(options: { docString?: string; metadata?: Record<string, string> } = {}): Uint8Array {
    const opsetImport: proto.IOperatorSetIdProto[] = [{ domain: '', version: OPSET_ONNX }];
    if (this.usesMlDomain) opsetImport.push({ domain: ML_DOMAIN, version: OPSET_ONNX_ML });
    const model: proto.IModelProto = {
      irVersion: IR_VERSION,
      opsetImport,
      producerName: PRODUCER_NAME,
      docString: options.docString,
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs.map(valueInfo),
        output: this.outputs.map(valueInfo)
      },
      metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value }))
    };
    return proto.ModelProto.encode(model).finish();
  }

  private claim(name: string, what: string): void {
    if (!name) throw new OnnxExportError(`the ${what} name must not be empty`);
    if (this.usedNames.has(name)) throw new OnnxExportError(`the ${what} name "${name}" is already used in the graph; choose another`);
    this.usedNames.add(name);
  }
}
