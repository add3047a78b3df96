/**
 * Reading an ONNX file's protobuf: the model must decode as a ModelProto with a graph that has
 * nodes and outputs, and no tensor may keep its data in an external file (the registry stores one
 * file per version; weights elsewhere would be lost, or read from wherever the path points).
 */
import { onnx } from 'onnx-proto';
import { InvalidModelError } from '../../registry/errors';

/** protobufjs answers 64-bit fields as Long objects (the `long` package is installed) or numbers. */
export type ProtoInteger = number | { toNumber(): number };

export function toNumber(value: ProtoInteger | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

export function decodeModel(bytes: Uint8Array): onnx.ModelProto {
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new InvalidModelError(
      `not an ONNX model: the file does not decode as an ONNX ModelProto (${(err as Error).message})`,
      'not_onnx'
    );
  }
  const graph = model.graph;
  if (!graph) throw new InvalidModelError('not an ONNX model: it has no graph', 'not_onnx');
  if (!graph.node?.length) throw new InvalidModelError('not an ONNX model: its graph has no nodes', 'not_onnx');
  if (!graph.output?.length) throw new InvalidModelError('not an ONNX model: its graph has no outputs', 'not_onnx');
  return model;
}

export interface ExternalTensor {
  tensor: string;
  location: string;
}

/** Refuses a model any of whose tensors (initializers, attributes, subgraphs, functions) lives in an external file. */
export function refuseExternalData(model: onnx.ModelProto): void {
  const found: ExternalTensor[] = [];
  visitGraph(model.graph!, found);
  for (const fn of model.functions ?? []) visitNodes(fn.node ?? [], found);
  if (found.length === 0) return;
  const listed = found
    .slice(0, 5)
    .map((t) => `tensor ${JSON.stringify(t.tensor)} in ${JSON.stringify(t.location)}`)
    .join(', ');
  throw new InvalidModelError(
    `the model refers to external data files (${listed}${found.length > 5 ? `, and ${found.length - 5} more` : ''}); save it with its weights inside the .onnx file`,
    'external_data',
    { tensors: found }
  );
}

function visitGraph(graph: onnx.IGraphProto, found: ExternalTensor[]): void {
  for (const tensor of graph.initializer ?? []) visitTensor(tensor, found);
  for (const sparse of graph.sparseInitializer ?? []) visitSparse(sparse, found);
  visitNodes(graph.node ?? [], found);
}

function visitNodes(nodes: onnx.INodeProto[], found: ExternalTensor[]): void {
  for (const node of nodes) {
    for (const attribute of node.attribute ?? []) {
      if (attribute.t) visitTensor(attribute.t, found);
      for (const tensor of attribute.tensors ?? []) visitTensor(tensor, found);
      if (attribute.sparseTensor) visitSparse(attribute.sparseTensor, found);
      for (const sparse of attribute.sparseTensors ?? []) visitSparse(sparse, found);
      if (attribute.g) visitGraph(attribute.g, found);
      for (const graph of attribute.graphs ?? []) visitGraph(graph, found);
    }
  }
}

function visitSparse(sparse: onnx.ISparseTensorProto, found: ExternalTensor[]): void {
  if (sparse.values) visitTensor(sparse.values, found);
  if (sparse.indices) visitTensor(sparse.indices, found);
}

function visitTensor(tensor: onnx.ITensorProto, found: ExternalTensor[]): void {
  if (tensor.dataLocation !== onnx.TensorProto.DataLocation.EXTERNAL) return;
  const location = tensor.externalData?.find((entry) => entry.key === 'location')?.value ?? '(no location given)';
  found.push({ tensor: tensor.name || '(unnamed)', location });
}
