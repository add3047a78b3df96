/** Drift defaults, as the established drift tools set them; a deployment's monitoring config may override them. */
export interface DriftThresholds {
  /** Tests (KS, chi-square): drifted when p < pValue. */
  pValue: number;
  /** Distances (normalised Wasserstein, Jensen–Shannon): drifted when score ≥ threshold. */
  threshold: number;
  psiWarning: number;
  psiAlert: number;
}

export const DEFAULT_DRIFT_THRESHOLDS: DriftThresholds = { pValue: 0.05, threshold: 0.1, psiWarning: 0.1, psiAlert: 0.25 };
