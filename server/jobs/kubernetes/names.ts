/** Kubernetes names and labels for mlportal's Jobs, kept within what the API server accepts. */
import { createHash } from 'node:crypto';
import { managedByLabel, managedByValue } from '../../platform/kubernetes/labels';

export const jobIdLabel = 'mlportal.dev/job-id';
export const attemptLabel = 'mlportal.dev/attempt';
/** Set on every pod by the Job controller (the unprefixed `job-name` is the older spelling of the same label). */
export const podJobNameLabel = 'batch.kubernetes.io/job-name';
export const containerName = 'main';

/** Longest Job name whose pods can still carry it in their job-name label (label values stop at 63). */
const maxJobNameLength = 63;
const labelValuePattern = /^(?:[A-Za-z0-9](?:[-_.A-Za-z0-9]*[A-Za-z0-9])?)?$/;
const labelKeyNamePattern = /^[A-Za-z0-9](?:[-_.A-Za-z0-9]*[A-Za-z0-9])?$/;
const dnsSubdomainPattern = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}

/**
 * A DNS-1123 name for one attempt of a job. Ids the platform makes ("job-" + hex) pass through unchanged; anything else
 * is folded to lowercase letters, digits and dashes, with a hash of the original so two ids never fold to one name.
 */
export function kubernetesJobName(jobId: string, attempt: number): string {
  const folded = jobId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const suffix = `-${attempt}`;
  const base = folded === jobId && folded.length > 0 ? `mlportal-${folded}` : `mlportal-${folded.slice(0, 30)}-${shortHash(jobId)}`;
  return `${base.slice(0, maxJobNameLength - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/** A label value for the job id: itself when valid, otherwise a hash (the id is then in the annotation only). */
export function jobIdLabelValue(jobId: string): string {
  return isLabelValue(jobId) ? jobId : `h-${shortHash(jobId)}`;
}

export function isLabelValue(value: string): boolean {
  return value.length <= 63 && labelValuePattern.test(value);
}

/** A qualified label key: an optional DNS subdomain prefix and "/", then a name of at most 63 characters. */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !dnsSubdomainPattern.test(prefix))) return false;
  return name.length <= 63 && labelKeyNamePattern.test(name);
}

export function jobSelector(jobId: string): string {
  return `${managedByLabel}=${managedByValue},${jobIdLabel}=${jobIdLabelValue(jobId)}`;
}

export const managedSelector = `${managedByLabel}=${managedByValue}`;
