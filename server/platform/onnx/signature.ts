/**
 * A model's signature: its inputs and outputs (names, element types, shapes), opsets and producer.
 * Names and the order of real inputs come from onnxruntime (it leaves out initializers that old
 * exporters also list as graph inputs); element types and shapes from the proto's ValueInfo,
 * which keeps symbolic dimension names and unknown dimensions apart.
 */
import type { InferenceSession } from 'onnxruntime-node';
import type { onnx } from 'onnx-proto';
import type { Signature, TensorSpec } from '@mlportal/contract';
import { toNumber } from './proto';

/** TensorProto.DataType → our element type names (onnxruntime's, where it has one). */
const ELEMENT_TYPES: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
  17: 'float8e4m3fn',
  18: 'float8e4m3fnuz',
  19: 'float8e5m2',
  20: 'float8e5m2fnuz',
  21: 'uint4',
  22: 'int4',
  23: 'float4e2m1'
};

export function elementTypeName(code: number | null | undefined): string {
  return ELEMENT_TYPES[code ?? 0] ?? `unknown(${code ?? 0})`;
}

export function shapeOf(shape: onnx.ITensorShapeProto | null | undefined): Array<number | string | null> {
  return (shape?.dim ?? []).map((dim) => {
    const which = (dim as onnx.TensorShapeProto.Dimension).value;
    if (which === 'dimValue') return toNumber(dim.dimValue);
    if (which === 'dimParam' && dim.dimParam) return dim.dimParam;
    return null;
  });
}

/** What a value holds, for non-tensors too: "sequence<map<int64,float32>>". */
export function describeType(type: onnx.ITypeProto | null | undefined): { elementType: string; shape: Array<number | string | null> } {
  if (type?.tensorType) return { elementType: elementTypeName(type.tensorType.elemType), shape: shapeOf(type.tensorType.shape) };
  if (type?.sparseTensorType)
    return { elementType: `sparse<${elementTypeName(type.sparseTensorType.elemType)}>`, shape: shapeOf(type.sparseTensorType.shape) };
  return { elementType: typeText(type), shape: [] };
}

function typeText(type: onnx.ITypeProto | null | undefined): string {
  if (!type) return 'unknown';
  if (type.tensorType) return elementTypeName(type.tensorType.elemType);
  if (type.sparseTensorType) return `sparse<${elementTypeName(type.sparseTensorType.elemType)}>`;
  if (type.sequenceType) return `sequence<${typeText(type.sequenceType.elemType)}>`;
  if (type.mapType) return `map<${elementTypeName(type.mapType.keyType)},${typeText(type.mapType.valueType)}>`;
  if (type.optionalType) return `optional<${typeText(type.optionalType.elemType)}>`;
  return 'unknown';
}

function specFor(name: string, valueInfos: onnx.IValueInfoProto[], metadata: InferenceSession.ValueMetadata | undefined): TensorSpec {
  const info = valueInfos.find((v) => v.name === name);
  if (info?.type) return { name, ...describeType(info.type) };
  if (metadata?.isTensor)
    return { name, elementType: metadata.type, shape: metadata.shape.map((d) => (typeof d === 'number' && d < 0 ? null : d)) };
  return { name, elementType: 'unknown', shape: [] };
}

export function buildSignature(
  model: onnx.ModelProto,
  session: Pick<InferenceSession, 'inputNames' | 'outputNames' | 'inputMetadata' | 'outputMetadata'>
): Signature {
  const graph = model.graph!;
  const metadataOf = (list: readonly InferenceSession.ValueMetadata[] | undefined, name: string) => list?.find((m) => m.name === name);
  const producer = [model.producerName, model.producerVersion].filter((part) => part).join(' ');
  return {
    inputs: session.inputNames.map((name) => specFor(name, graph.input ?? [], metadataOf(session.inputMetadata, name))),
    outputs: session.outputNames.map((name) => specFor(name, graph.output ?? [], metadataOf(session.outputMetadata, name))),
    opsets: model.opsetImport.map((opset) => ({ domain: opset.domain ?? '', version: toNumber(opset.version) })),
    ...(producer ? { producer } : {}),
    irVersion: toNumber(model.irVersion)
  };
}
