/** Test support only (not exported from the SDK): what a written ONNX graph holds, read back from its bytes. */
import { onnx as proto } from 'onnx-proto';

const DOUBLE = proto.TensorProto.DataType.DOUBLE;

/**
 * Every place the graph declares, stores or makes a float64 tensor: inputs, outputs and value infos,
 * initializers, tensor attributes (such as TreeEnsembleRegressor's `*_as_tensor`), and Casts to
 * double. Empty for a graph that is float32 throughout.
 */
export function float64Parts(bytes: Uint8Array): string[] {
  const graph = proto.ModelProto.decode(bytes).graph!;
  const parts: string[] = [];
  for (const value of [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])]) {
    if (value.type?.tensorType?.elemType === DOUBLE) parts.push(`value ${value.name}`);
  }
  for (const tensor of graph.initializer ?? []) if (tensor.dataType === DOUBLE) parts.push(`initializer ${tensor.name}`);
  for (const node of graph.node ?? []) {
    for (const attribute of node.attribute ?? []) {
      if (node.opType === 'Cast' && attribute.name === 'to' && Number(attribute.i) === DOUBLE) parts.push(`Cast to double ${node.name}`);
      if (attribute.t?.dataType === DOUBLE) parts.push(`${node.opType} ${attribute.name}`);
    }
  }
  return parts;
}

/** The graph's inputs and outputs as name, element type code and dimensions. */
export function interfaceOf(bytes: Uint8Array): Array<[string, number, Array<string | number>]> {
  const graph = proto.ModelProto.decode(bytes).graph!;
  return [...(graph.input ?? []), ...(graph.output ?? [])].map((value) => [
    value.name!,
    value.type!.tensorType!.elemType!,
    value.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue))
  ]);
}
