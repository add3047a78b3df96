/**
 * A column's numbers without its nulls (NaN), ascending — what Float64Array.prototype.sort gives
 * (−0 before +0) — by an LSD radix sort over 16-bit digits of the values' bits, skipping the digits
 * every value shares. Negatives and positives are sorted apart (a negative's order key is its bits
 * all flipped), so that whole numbers, whose low mantissa bits are zero, share their two low digits
 * on each side: 1M whole numbers take two passes, well under the engine's comparison sort.
 */
import os from 'node:os';

/** Below this many values the engine's sort is as fast and needs no second buffer. */
const RADIX_MIN_LENGTH = 4096;
const DIGIT_BITS = 16;
const DIGITS = 1 << DIGIT_BITS;
const LITTLE_ENDIAN = os.endianness() === 'LE';

/** A new array: the values of `column` that are not NaN, ascending. */
export function sortedNumbers(column: Float64Array): Float64Array {
  let present = 0;
  let negatives = 0;
  for (let i = 0; i < column.length; i++) {
    const x = column[i]!;
    if (x === x) {
      present++;
      if (isNegative(x)) negatives++;
    }
  }
  const sorted = new Float64Array(present);
  if (present < RADIX_MIN_LENGTH || !LITTLE_ENDIAN) {
    let at = 0;
    for (let i = 0; i < column.length; i++) if (column[i] === column[i]) sorted[at++] = column[i]!;
    return sorted.sort();
  }
  // Negatives first, then the rest, into a scratch buffer; each side is then sorted into `sorted`.
  const scratch = new Float64Array(present);
  let negative = 0;
  let positive = negatives;
  for (let i = 0; i < column.length; i++) {
    const x = column[i]!;
    if (x !== x) continue;
    if (isNegative(x)) scratch[negative++] = x;
    else scratch[positive++] = x;
  }
  const counts = new Uint32Array(DIGITS);
  radixSort(scratch, sorted, 0, negatives, -1, counts);
  radixSort(scratch, sorted, negatives, present, 0, counts);
  return sorted;
}

/** Sign bit set: −0 too, as the engine's sort orders it. */
function isNegative(x: number): boolean {
  return x < 0 || (x === 0 && 1 / x < 0);
}

/**
 * Sorts `from`[start … end), all of one sign, into `into`[start … end) (both buffers are used).
 * `flip`: −1 for negatives, whose bits all flipped order them, 0 for the rest, whose bits do.
 */
function radixSort(from: Float64Array, into: Float64Array, start: number, end: number, flip: number, counts: Uint32Array): void {
  const n = end - start;
  let source = from.subarray(start, end);
  let target = into.subarray(start, end);
  for (let pass = 0; pass < 4 && n > 1; pass++) {
    const word = pass >> 1;
    const shift = (pass & 1) * DIGIT_BITS;
    const bits = new Uint32Array(source.buffer, source.byteOffset, 2 * n);
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((bits[2 * i + word]! ^ flip) >>> shift) & (DIGITS - 1)]!++;
    if (counts[((bits[word]! ^ flip) >>> shift) & (DIGITS - 1)] === n) continue;
    let position = 0;
    for (let d = 0; d < DIGITS; d++) {
      const count = counts[d]!;
      counts[d] = position;
      position += count;
    }
    for (let i = 0; i < n; i++) target[counts[((bits[2 * i + word]! ^ flip) >>> shift) & (DIGITS - 1)]!++] = source[i]!;
    [source, target] = [target, source];
  }
  if (source.buffer !== into.buffer) into.set(source, start);
}
