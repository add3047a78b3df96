/** The index of the first largest value, as ml-matrix's maxRowIndex and ONNX ArgMax (select_last_index 0) choose on ties. */
export function firstMaxIndex(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
