/**
 * Counting skew per feature: each served value against the offline store's value for the same
 * entity at the same time. Numbers are equal within float32 rounding (the served value went through
 * the model's float input, the offline one did not); booleans count as 1 and 0, as they are served;
 * text must match exactly. An offline value that did not exist yet is a mismatch: the model was
 * served something training could not have seen.
 */
import type { FeatureSkew } from '@mlportal/contract';

export type FeatureValue = string | number | boolean | null;

/** Relative tolerance: float32 keeps about 7 significant digits. */
const RELATIVE_TOLERANCE = 1e-6;

interface Counts {
  compared: number;
  mismatches: number;
  numericPairs: number;
  absDifference: number;
}

export class SkewTally {
  private readonly counts = new Map<string, Counts>();

  /** One served value against its offline counterpart; a value that was not served is not compared. */
  add(feature: string, served: FeatureValue, offline: FeatureValue): void {
    if (served === null) return;
    let counts = this.counts.get(feature);
    if (!counts) {
      counts = { compared: 0, mismatches: 0, numericPairs: 0, absDifference: 0 };
      this.counts.set(feature, counts);
    }
    counts.compared++;
    if (offline === null) {
      counts.mismatches++;
      return;
    }
    const a = asNumber(served);
    const b = asNumber(offline);
    if (a !== null && b !== null) {
      const difference = Math.abs(a - b);
      counts.numericPairs++;
      counts.absDifference += difference;
      if (difference > RELATIVE_TOLERANCE * Math.max(1, Math.abs(b))) counts.mismatches++;
    } else if (String(served) !== String(offline)) {
      counts.mismatches++;
    }
  }

  /** Per feature, in the order first seen. */
  result(): FeatureSkew[] {
    return [...this.counts].map(([feature, c]) => ({
      feature,
      compared: c.compared,
      mismatches: c.mismatches,
      mismatchShare: c.compared === 0 ? 0 : c.mismatches / c.compared,
      meanAbsDifference: c.numericPairs === 0 ? null : c.absDifference / c.numericPairs
    }));
  }
}

function asNumber(value: string | number | boolean): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return Number(value);
  return null;
}
