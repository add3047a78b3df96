/** What every dashboard's panels are built from, and the small helpers they share. */
import type { Logger } from '../../../platform/logging';
import type { MonitoringConfig, Panel } from '@mlportal/contract';
import type { Deployment } from '../../config/serving-port';
import type { DecayService } from '../../decay/decay-service';
import type { VegaLiteSpec } from '../specs';
import type { DriftReadings } from '../drift-source';
import type { TrafficStore } from '../traffic-store';

export interface PanelContext {
  /** null when there is no deployment yet: every panel then says so. */
  deployment: Deployment | null;
  config: MonitoringConfig | null;
  from: Date;
  to: Date;
  drift: DriftReadings;
  decay: DecayService;
  traffic: TrafficStore;
  logger: Logger;
}

export const NO_DEPLOYMENT = 'There is no deployment to show yet: deploy a model version first.';

export function panel(id: string, title: string, description: string, spec: VegaLiteSpec, empty?: string): Panel {
  return empty === undefined ? { id, title, description, spec } : { id, title, description, spec, empty };
}

/**
 * A reading for one panel: its failure (no reference yet, a part not in this server) becomes the
 * panel's `empty` message instead of failing the whole dashboard.
 */
export async function attempt<T>(context: PanelContext, what: string, read: () => Promise<T>): Promise<{ value: T } | { problem: string }> {
  try {
    return { value: await read() };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    context.logger.debug({ err }, `dashboard: could not read ${what}`);
    return { problem: `No ${what} to show: ${message}` };
  }
}

/** Steps of a day, or of an hour for windows of two days or less. */
export function stepFor(from: Date, to: Date): { label: '1h' | '1d'; ms: number } {
  return to.getTime() - from.getTime() <= 2 * 86_400_000 ? { label: '1h', ms: 3_600_000 } : { label: '1d', ms: 86_400_000 };
}

export function round(value: number, digits = 6): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
