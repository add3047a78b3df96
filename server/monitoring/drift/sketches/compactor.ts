/**
 * One KLL level: a growable Float64Array of items. Typed storage lets a compaction sort in place
 * with the engine's native numeric sort, and lets a batch of values be appended with one copy.
 */
export class Compactor {
  private items: Float64Array;
  length = 0;

  constructor(initialCapacity = 16) {
    this.items = new Float64Array(Math.max(1, initialCapacity));
  }

  static of(values: readonly number[]): Compactor {
    const compactor = new Compactor(values.length);
    compactor.items.set(values);
    compactor.length = values.length;
    return compactor;
  }

  at(i: number): number {
    return this.items[i]!;
  }

  push(value: number): void {
    if (this.length === this.items.length) this.reserve(this.length + 1);
    this.items[this.length++] = value;
  }

  /** Appends values[from … to). */
  append(values: ArrayLike<number>, from: number, to: number): void {
    const count = to - from;
    if (this.length + count > this.items.length) this.reserve(this.length + count);
    if (values instanceof Float64Array) this.items.set(values.subarray(from, to), this.length);
    else for (let i = from; i < to; i++) this.items[this.length + i - from] = values[i]!;
    this.length += count;
  }

  appendCompactor(other: Compactor): void {
    this.append(other.items, 0, other.length);
  }

  /**
   * Sorts the items, moves every other one (from index `offset`, 0 or 1) to `above`, and keeps the
   * largest when their number is odd; returns how many items fewer the two levels hold together.
   */
  compactInto(above: Compactor, offset: number): number {
    const length = this.length;
    const sorted = this.items.subarray(0, length).sort();
    const end = length - (length % 2);
    const promoted = (end - offset + 1) >> 1;
    if (above.length + promoted > above.items.length) above.reserve(above.length + promoted);
    const target = above.items;
    let at = above.length;
    for (let i = offset; i < end; i += 2) target[at++] = sorted[i]!;
    above.length = at;
    if (end < length) sorted[0] = sorted[length - 1]!;
    this.length = length - end;
    return end / 2;
  }

  toArray(): number[] {
    return Array.from(this.items.subarray(0, this.length));
  }

  private reserve(needed: number): void {
    const grown = new Float64Array(Math.max(needed, 2 * this.items.length));
    grown.set(this.items.subarray(0, this.length));
    this.items = grown;
  }
}
