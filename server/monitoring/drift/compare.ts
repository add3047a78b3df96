/**
 * One feature's drift: the reference profile's feature against a window's merged sketch, by the
 * default method for the reference's size (as the established drift tools choose it), with PSI
 * always, and both statistics of the feature's kind (KS and Wasserstein; chi-square and
 * Jensen–Shannon) whichever gives the score. Pure.
 *
 * score: KS → the statistic D; chi-square → its statistic; Wasserstein → W₁ / σ_reference;
 * Jensen–Shannon → the base-2 distance. threshold: the p-value cut-off for the tests (drifted when
 * p < threshold), the score cut-off for the distances (drifted when score ≥ threshold).
 *
 * Error against the statistics over the raw values: both sides of a numeric feature are counted on
 * the reference's value grid, so D is below the exact statistic by at most 1/1024 and W₁ below the
 * exact distance by at most the bound statistics/grid-distances.ts states (both exact when the
 * reference has at most 2,048 distinct values, up to where the window crosses the reference
 * between two of them); bin counts, category counts and hence PSI, chi-square and Jensen–Shannon
 * are exact.
 */
import type { DriftMethod, FeatureDrift } from '@mlportal/contract';
import { EXACT_REFERENCE_ROWS, gridOf, type ReferenceFeature } from './profile';
import { FeatureSketch } from './sketches/feature-sketch';
import { FixedBinHistogram } from './sketches/histogram';
import { chiSquareContingency } from './statistics/chi-square';
import { gridDistances } from './statistics/grid-distances';
import { jensenShannonCategories } from './statistics/jensen-shannon';
import { ksPValue } from './statistics/ks';
import { populationStabilityIndex } from './statistics/psi';
import { normalisedWasserstein } from './statistics/wasserstein';
import type { DriftThresholds } from './thresholds';

export function defaultMethod(kind: 'numeric' | 'categorical', referenceRows: number): DriftMethod {
  const small = referenceRows <= EXACT_REFERENCE_ROWS;
  if (kind === 'numeric') return small ? 'ks' : 'wasserstein';
  return small ? 'chi-square' : 'jensen-shannon';
}

/** null when either side has no non-null value of the feature. */
export function compareFeature(
  reference: ReferenceFeature,
  current: FeatureSketch,
  referenceRows: number,
  thresholds: DriftThresholds
): FeatureDrift | null {
  const ref = FeatureSketch.fromDocument(reference.sketch);
  if (ref.count === 0 || current.count === 0) return null;
  const method = defaultMethod(reference.kind, referenceRows);
  return reference.kind === 'numeric'
    ? compareNumeric(reference, ref, current, method, thresholds)
    : compareCategorical(reference, ref, current, method, thresholds);
}

function compareNumeric(
  reference: ReferenceFeature,
  ref: FeatureSketch,
  current: FeatureSketch,
  method: DriftMethod,
  thresholds: DriftThresholds
): FeatureDrift {
  const refHistogram = ref.histogram!;
  const curHistogram = current.histogram!;
  if (curHistogram.edges.length !== refHistogram.edges.length || curHistogram.edges.some((e, i) => e !== refHistogram.edges[i])) {
    throw new RangeError(`feature ${reference.feature}: the window's bins are not the reference's`);
  }
  const psi = populationStabilityIndex(refHistogram.counts, curHistogram.counts);
  const distances = gridDistances(gridOf(reference), ref.cells!, current.cells!);
  // The exact KS distribution (up to 10,000 values a side) only where KS gives the score: it costs up to n₁·n₂ steps.
  const ks = ksPValue(distances.ks, ref.count, current.count, method === 'ks' ? 'auto' : 'asymp');
  const base = {
    feature: reference.feature,
    type: 'numeric' as const,
    psi,
    psiLevel: psiLevel(psi, thresholds),
    histogram: histogramOf(refHistogram, curHistogram),
    ks: { statistic: ks.statistic, pValue: ks.pValue },
    wasserstein: distances.wasserstein
  };
  if (method === 'ks') {
    return {
      ...base,
      method,
      score: ks.statistic,
      pValue: ks.pValue,
      threshold: thresholds.pValue,
      drifted: ks.pValue < thresholds.pValue
    };
  }
  const score = normalisedWasserstein(distances.wasserstein, reference.std ?? 0);
  return { ...base, method, score, threshold: thresholds.threshold, drifted: score >= thresholds.threshold };
}

function compareCategorical(
  reference: ReferenceFeature,
  ref: FeatureSketch,
  current: FeatureSketch,
  method: DriftMethod,
  thresholds: DriftThresholds
): FeatureDrift {
  const refCounts = ref.categories!.counts;
  const curCounts = current.categories!.counts;
  const categories = [...refCounts.keys(), ...[...curCounts.keys()].filter((c) => !refCounts.has(c))];
  const refVector = categories.map((c) => refCounts.get(c) ?? 0);
  const curVector = categories.map((c) => curCounts.get(c) ?? 0);
  const psi = populationStabilityIndex(refVector, curVector);
  const chi = chiSquareContingency(refCounts, curCounts);
  const distance = jensenShannonCategories(refCounts, curCounts);
  const base = {
    feature: reference.feature,
    type: 'categorical' as const,
    psi,
    psiLevel: psiLevel(psi, thresholds),
    histogram: { bins: categories, reference: shares(refVector), current: shares(curVector) },
    chiSquare: chi,
    jensenShannon: distance
  };
  if (method === 'chi-square') {
    return {
      ...base,
      method,
      score: chi.statistic,
      pValue: chi.pValue,
      threshold: thresholds.pValue,
      drifted: chi.pValue < thresholds.pValue
    };
  }
  return { ...base, method, score: distance, threshold: thresholds.threshold, drifted: distance >= thresholds.threshold };
}

function psiLevel(psi: number, thresholds: DriftThresholds): FeatureDrift['psiLevel'] {
  return psi >= thresholds.psiAlert ? 'alert' : psi >= thresholds.psiWarning ? 'warning' : 'ok';
}

function histogramOf(reference: FixedBinHistogram, current: FixedBinHistogram): FeatureDrift['histogram'] {
  return { bins: reference.labels(), reference: shares(reference.counts), current: shares(current.counts) };
}

function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
}
