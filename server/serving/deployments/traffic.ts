/** Traffic arithmetic: champion and canary entries, and where a rollout takes them. */
import { BadRequestError } from '../../platform/errors';
import type { TrafficEntry, VersionRef } from '@mlportal/contract';

export const refText = (ref: VersionRef): string => `${ref.model}@${ref.version}`;
export const sameRef = (a: VersionRef, b: VersionRef): boolean => a.model === b.model && a.version === b.version;
export const refOf = ({ model, version }: VersionRef): VersionRef => ({ model, version });

/** The champion alone, or with a canary taking `canaryPercent` of the requests. */
export function trafficFor(champion: VersionRef, canary?: VersionRef & { percent: number }): TrafficEntry[] {
  if (!canary) return [{ ...refOf(champion), percent: 100 }];
  if (sameRef(champion, canary))
    throw new BadRequestError(`the canary ${refText(canary)} is the champion itself; pick another version`, { canary });
  return [
    { ...refOf(champion), percent: 100 - canary.percent },
    { ...refOf(canary), percent: canary.percent }
  ];
}

/**
 * 100 makes the version the only entry; less makes it the canary beside the current champion,
 * replacing any earlier canary.
 */
export function rolloutTraffic(current: TrafficEntry[], version: VersionRef, percent: number): TrafficEntry[] {
  if (percent === 100) return trafficFor(version);
  const champion = current[0];
  if (sameRef(champion, version)) {
    throw new BadRequestError(`${refText(version)} is already the champion; roll out another version, or this one with percent 100`, {
      version
    });
  }
  return trafficFor(champion, { ...refOf(version), percent });
}

/** Every version the deployment routes to, the shadow included, each once. */
export function versionsOf(traffic: TrafficEntry[], shadow: VersionRef | null): VersionRef[] {
  const all = [...traffic.map(refOf), ...(shadow ? [shadow] : [])];
  return all.filter((ref, i) => all.findIndex((other) => sameRef(other, ref)) === i);
}
