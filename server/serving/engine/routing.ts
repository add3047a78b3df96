/** Which version of a deployment answers a request. */
import { BadRequestError } from '../../platform/errors';
import type { RoutingSpec, TrafficEntry } from './types';

export const versionKey = (ref: { model: string; version: number }): string => `${ref.model}@${ref.version}`;

/** A weighted draw over the traffic split: `draw` is uniform in [0, 1). */
export function drawEntry(traffic: readonly TrafficEntry[], draw: number): { entry: TrafficEntry; index: number } {
  const point = draw * 100;
  let upTo = 0;
  for (let index = 0; index < traffic.length; index++) {
    upTo += traffic[index].percent;
    if (point < upTo) return { entry: traffic[index], index };
  }
  // Only reached by a draw of 1 or rounding at the top end: the last entry with a share.
  const index = traffic.map((entry) => entry.percent > 0).lastIndexOf(true);
  return { entry: traffic[index], index };
}

/** The engine's own guard; the deployment service validates requests fully before this. */
export function checkSpec(spec: RoutingSpec): void {
  const problem = (what: string) => new BadRequestError(`deployment ${JSON.stringify(spec.name)}: ${what}`, undefined, 'invalid_routing');
  if (spec.traffic.length === 0) throw problem('traffic needs at least one version');
  if (spec.traffic.length > 2) throw problem('traffic takes at most two versions (champion and canary)');
  if (spec.traffic.some((entry) => !Number.isInteger(entry.percent) || entry.percent < 0 || entry.percent > 100))
    throw problem('traffic percents must be whole numbers 0..100');
  const sum = spec.traffic.reduce((total, entry) => total + entry.percent, 0);
  if (sum !== 100) throw problem(`traffic percents add up to ${sum}, not 100`);
  const keys = spec.traffic.map(versionKey);
  if (new Set(keys).size !== keys.length) throw problem('traffic names the same version twice');
}
