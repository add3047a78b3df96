/**
 * A version's reference profile: per feature of its training set, what the drift statistics
 * compare a window against — the same kind of sketch a window keeps (a KLL sketch, here built at
 * once from the sorted column; counts over the reference's decile bins; category counts), plus the
 * exact mean and standard deviation, and the exact values when there are at most
 * EXACT_REFERENCE_ROWS of them (the KS test then reads the reference exactly).
 * Built once per version from columns (buildProfile is pure; profiles.ts stores it).
 */
import { FeatureSketch, type FeatureKind, type FeatureSketchDocument } from './sketches/feature-sketch';
import { sortedNumbers } from './sketches/sort-numbers';
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
  /** Numeric only: exact, over the non-null values (std with ddof 0, as numpy.std). */
  mean: number | null;
  std: number | null;
  /** Numeric only, ascending, when the reference has at most EXACT_REFERENCE_ROWS rows. */
  values: number[] | null;
}

export interface ReferenceProfile {
  model: string;
  version: number;
  trainingSetId: string;
  rows: number;
  features: ReferenceFeature[];
  builtAt: string;
}

export function profileColumns(columns: readonly ReferenceColumn[], rows: number): ReferenceFeature[] {
  return columns.map((column) => (column.kind === 'numeric' ? numericFeature(column, rows) : categoricalFeature(column)));
}

function numericFeature(column: NumericColumn, rows: number): ReferenceFeature {
  // One sort serves the decile edges, the sketch (built from the order at once), the bin counts and the exact small reference.
  const sorted = sortedNumbers(column.values);
  const sketch = FeatureSketch.numericOfSorted(sorted, decileEdges(sorted));
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
    values: rows <= EXACT_REFERENCE_ROWS ? Array.from(sorted) : null
  };
}

function categoricalFeature(column: CategoricalColumn): ReferenceFeature {
  const sketch = FeatureSketch.categorical();
  sketch.addMany(column.values);
  return { feature: column.name, kind: 'categorical', sketch: sketch.toDocument(), mean: null, std: null, values: null };
}

/** A window sketch for a feature of this profile: numeric ones count over the reference's bins. */
export function emptySketchFor(feature: ReferenceFeature): FeatureSketch {
  return feature.sketch.kind === 'numeric' ? FeatureSketch.numeric(feature.sketch.edges) : FeatureSketch.categorical();
}
