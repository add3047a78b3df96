/**
 * Category counts, mergeable by addition. Past MAX_CATEGORIES distinct values the rest are counted
 * under OTHER_CATEGORY, so a feature with unbounded values (ids sent as a category) cannot grow memory.
 */
export const MAX_CATEGORIES = 1000;
export const OTHER_CATEGORY = '(other)';

export class CategoryCounts {
  readonly counts: Map<string, number>;

  constructor(entries: Iterable<[string, number]> = []) {
    this.counts = new Map(entries);
  }

  add(category: string, times = 1): void {
    const known = this.counts.get(category);
    if (known !== undefined) this.counts.set(category, known + times);
    else if (this.counts.size < MAX_CATEGORIES) this.counts.set(category, times);
    else this.counts.set(OTHER_CATEGORY, (this.counts.get(OTHER_CATEGORY) ?? 0) + times);
  }

  /**
   * add(categoryOf(v)) for each non-null v of values[from … to), in order; returns how many were
   * null or undefined. Counts each distinct value in a local table first (one lookup per value),
   * then adds them in the order they first appeared — which admits the same categories under the
   * cap as adding one by one would.
   */
  addMany(values: ArrayLike<string | number | boolean | null | undefined>, from = 0, to = values.length): number {
    const seen = new Map<string | number | boolean, { times: number }>();
    let nulls = 0;
    for (let i = from; i < to; i++) {
      const value = values[i];
      if (value === null || value === undefined) {
        nulls++;
        continue;
      }
      const tally = seen.get(value);
      if (tally !== undefined) tally.times++;
      else seen.set(value, { times: 1 });
    }
    // Distinct raw values can share a category (1 and "1"): categoryOf folds them here, in first-seen order.
    for (const [value, tally] of seen) this.add(categoryOf(value), tally.times);
    return nulls;
  }

  merge(other: CategoryCounts): this {
    for (const [category, n] of other.counts) this.add(category, n);
    return this;
  }

  total(): number {
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return total;
  }

  toEntries(): Array<[string, number]> {
    return [...this.counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  }
}

/** The category a logged value stands for: booleans and numbers as their text. */
export function categoryOf(value: string | number | boolean): string {
  return typeof value === 'string' ? value : String(value);
}
