/** The Open Inference Protocol's tensor datatypes and onnxruntime's element types, both ways. */
import { ownEntry } from '../../platform/own';

const TO_ELEMENT: Record<string, string> = {
  BOOL: 'bool',
  UINT8: 'uint8',
  UINT16: 'uint16',
  UINT32: 'uint32',
  UINT64: 'uint64',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FP16: 'float16',
  FP32: 'float32',
  FP64: 'float64',
  BYTES: 'string'
};

const TO_DATATYPE: Record<string, string> = Object.fromEntries(
  Object.entries(TO_ELEMENT).map(([datatype, element]) => [element, datatype])
);

export const DATATYPES = Object.keys(TO_ELEMENT);

/** The element type for a v2 datatype; undefined for a name the protocol does not have. */
export function elementTypeOf(datatype: string): string | undefined {
  return ownEntry(TO_ELEMENT, datatype);
}

/** The v2 datatype for an element type; a non-tensor type (a sequence, a map) keeps its own name. */
export function datatypeOf(elementType: string): string {
  return ownEntry(TO_DATATYPE, elementType) ?? elementType;
}

/** Bytes per element in the binary tensor extension; undefined for BYTES (length-prefixed) and unknown types. */
export function elementBytes(datatype: string): number | undefined {
  switch (datatype) {
    case 'BOOL':
    case 'UINT8':
    case 'INT8':
      return 1;
    case 'UINT16':
    case 'INT16':
    case 'FP16':
      return 2;
    case 'UINT32':
    case 'INT32':
    case 'FP32':
      return 4;
    case 'UINT64':
    case 'INT64':
    case 'FP64':
      return 8;
    default:
      return undefined;
  }
}

/** A signature dimension in v2 metadata form: -1 for any dimension the model leaves open. */
export function metadataShape(shape: ReadonlyArray<number | string | null>): number[] {
  return shape.map((dim) => (typeof dim === 'number' && dim >= 0 ? dim : -1));
}
