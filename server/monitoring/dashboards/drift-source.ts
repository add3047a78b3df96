/**
 * The analyst dashboard's readings from the drift and skew parts (their HTTP answers: the DriftReport,
 * its history, the skew report), as the subset of their answers the panels draw. A deployment that has no reference or no traffic yet is for the part to answer (an error here
 * becomes the panel's `empty` message, never a failed dashboard).
 */
import type { DriftService } from '../drift/service';
import type { SkewService } from '../skew/service';

export interface DriftFeatureReading {
  feature: string;
  type: 'numeric' | 'categorical';
  method: string;
  score: number;
  threshold: number;
  drifted: boolean;
  psi: number;
  histogram: { bins: string[]; reference: number[]; current: number[] };
}

export interface DriftReportReading {
  model: string;
  version: number;
  window: { from: string; to: string; rows: number };
  features: DriftFeatureReading[];
}

export interface DriftHistoryReading {
  steps: Array<{ start: string; rows: number; features: Record<string, { score: number; drifted: boolean; psi: number }> }>;
}

export interface SkewReading {
  rows: number;
  features: Array<{ feature: string; compared: number; mismatches: number; mismatchShare: number; meanAbsDifference: number | null }>;
}

export interface Span {
  from: string;
  to: string;
}

export interface DriftReadings {
  report(deployment: string, span: Span): Promise<DriftReportReading>;
  history(deployment: string, span: Span & { step: string }): Promise<DriftHistoryReading>;
  skew(deployment: string, span: Span): Promise<SkewReading>;
}

export function driftReadingsOf(drift: DriftService, skew: SkewService): DriftReadings {
  return {
    report: (deployment, span) => drift.report(deployment, span),
    history: (deployment, span) => drift.history(deployment, span),
    skew: (deployment, span) => skew.report(deployment, { ...span, limit: 500 })
  };
}
