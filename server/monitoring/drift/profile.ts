/**
 * A version's reference profile: per feature of its training set, what the drift statistics
 * compare a window against — the same kind of sketch a window keeps (counts on the feature's value
 * grid, here exact from the sorted column; counts over the reference's decile bins; category
 * counts), the value grid itself (chosen from the column: every distinct value when there are at
 * most 2,048, which keeps the reference exactly), and the exact mean and standard deviation.
 * Built once per version from columns (profileColumns is pure; profiles.ts stores it).
 */
import { FeatureSketch, type FeatureKind, type FeatureSketchDocument } from './sketches/feature-sketch';
import { sortedNumbers } from './sketches/sort-numbers';
import { ValueGrid, type ValueGridDocument } from './sketches/value-grid';
import { decileEdges } from './statistics/psi';

/** As in the established drift tools: up to this many reference rows the default tests are KS / chi-square, above it Wasserstein / Jensen–Shannon. */
export const EXACT_REFERENCE_ROWS = 1000;

export type NumericColumn = { name: string; kind: 'numeric'; values: Float64Array /* NaN for null */ };
export type CategoricalColumn = { name: string; kind: 'categorical'; values: ArrayLike<string | null> };
export type ReferenceColumn = NumericColumn | CategoricalColumn;

export interface ReferenceFeature {
  feature: string;
  kind: FeatureKind;
  sketch: FeatureSketchDocument;
  /** Numeric only: exact, over the finite values (std with ddof 0, as numpy.std). */
  mean: number | null;
  std: number | null;
  /** Numeric only: the value grid both sides count on. */
  grid: ValueGridDocument | null;
}

export interface ReferenceProfile {
  model: string;
  version: number;
  trainingSetId: string;
  rows: number;
  features: ReferenceFeature[];
  builtAt: string;
}

export function profileColumns(columns: readonly ReferenceColumn[]): ReferenceFeature[] {
  return columns.map((column) => (column.kind === 'numeric' ? numericFeature(column) : categoricalFeature(column)));
}

function numericFeature(column: NumericColumn): ReferenceFeature {
  // One sort serves the decile edges, the value grid and the counts on both. ±Infinity count as nulls, as in a window.
  const sorted = finite(sortedNumbers(column.values));
  const grid = ValueGrid.ofSorted(sorted);
  const sketch = FeatureSketch.numericOfSorted(sorted, decileEdges(sorted), grid);
  sketch.nulls = column.values.length - sorted.length;
  const mean = sorted.length > 0 ? sketch.sum / sorted.length : 0;
  let squares = 0;
  for (let i = 0; i < sorted.length; i++) squares += (sorted[i]! - mean) ** 2;
  return {
    feature: column.name,
    kind: 'numeric',
    sketch: sketch.toDocument(),
    mean: sorted.length > 0 ? mean : null,
    std: sorted.length > 0 ? Math.sqrt(squares / sorted.length) : null,
    grid: grid.toDocument()
  };
}

/** The finite part of ascending values (infinities lie at the ends). */
function finite(sorted: Float64Array): Float64Array {
  let start = 0;
  let end = sorted.length;
  while (start < end && sorted[start] === -Infinity) start++;
  while (end > start && sorted[end - 1] === Infinity) end--;
  return sorted.subarray(start, end);
}

function categoricalFeature(column: CategoricalColumn): ReferenceFeature {
  const sketch = FeatureSketch.categorical();
  sketch.addMany(column.values);
  return { feature: column.name, kind: 'categorical', sketch: sketch.toDocument(), mean: null, std: null, grid: null };
}

/** A window sketch for a feature of this profile: numeric ones count over the reference's bins and on its grid. */
export function emptySketchFor(feature: ReferenceFeature): FeatureSketch {
  return feature.sketch.kind === 'numeric' ? FeatureSketch.numeric(feature.sketch.edges, gridOf(feature)) : FeatureSketch.categorical();
}

const grids = new WeakMap<ReferenceFeature, ValueGrid>();

/** The feature's value grid, read once per profile object (a window makes a sketch per minute). */
export function gridOf(feature: ReferenceFeature): ValueGrid {
  let grid = grids.get(feature);
  if (!grid) {
    if (!feature.grid)
      throw new RangeError(`feature ${feature.feature} has no value grid (a categorical feature, or a profile built before grids)`);
    grids.set(feature, (grid = ValueGrid.fromDocument(feature.grid)));
  }
  return grid;
}
