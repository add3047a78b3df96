/**
 * Directed rounding of float64 values to float32. ONNX tree ensembles compare features as float32
 * against float32 thresholds, while the JavaScript trees compare float64 values; rounding each
 * threshold in the right direction keeps every branch decision identical for every input that is a
 * float32 value (which is every input an ONNX model with a float32 input can receive).
 */

const scratchFloat = new Float32Array(1);
const scratchBits = new Int32Array(scratchFloat.buffer);

/** The float32 value next to `value` (itself a float32) in the direction of +Infinity. */
function nextFloat32Up(value: number): number {
  if (value === 0) return 1.401298464324817e-45; // the smallest positive subnormal, from either zero
  scratchFloat[0] = value;
  scratchBits[0] += value > 0 ? 1 : -1;
  return scratchFloat[0];
}

/** The float32 value next to `value` (itself a float32) in the direction of -Infinity. */
function nextFloat32Down(value: number): number {
  return -nextFloat32Up(-value);
}

/** The smallest float32 ≥ value: for any float32 x, `x < value` ⇔ `x < ceilFloat32(value)`. */
export function ceilFloat32(value: number): number {
  const nearest = Math.fround(value);
  return nearest < value ? nextFloat32Up(nearest) : nearest;
}

/** The largest float32 ≤ value: for any float32 x, `x <= value` ⇔ `x <= floorFloat32(value)`. */
export function floorFloat32(value: number): number {
  const nearest = Math.fround(value);
  return nearest > value ? nextFloat32Down(nearest) : nearest;
}
