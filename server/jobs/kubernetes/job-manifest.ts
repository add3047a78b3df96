/** The batch/v1 Job that runs one attempt of an mlportal job. */
import { BadRequestError } from '../../platform/errors';
import type { ExecutionSpec } from '../executor';
import type { V1Job, V1PodFailurePolicyRule } from '../../platform/kubernetes/client-node';
import { managedByLabel, managedByValue } from '../../platform/kubernetes/labels';
import { attemptLabel, containerName, isLabelKey, isLabelValue, jobIdLabel, jobIdLabelValue, kubernetesJobName } from './names';

export const gpuResource = 'nvidia.com/gpu';
/** The node label NVIDIA's GPU feature discovery sets to the GPU model. */
export const gpuProductLabel = 'nvidia.com/gpu.product';

export interface ManifestOptions {
  namespace: string;
  /** How long a finished Job (and its pods' logs) stays before Kubernetes removes it. */
  ttlSecondsAfterFinished: number;
}

/**
 * Rule order matters: the first matching rule decides. A disrupted pod (preempted, evicted, its node drained) usually
 * ends with a non-zero exit code too, so the Ignore rule for disruptions comes before the rule that fails the job on
 * its own non-zero exit.
 */
export const podFailureRules: V1PodFailurePolicyRule[] = [
  { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
  { action: 'FailJob', onExitCodes: { containerName, operator: 'NotIn', values: [0] } }
];

function cpuQuantity(cores: number): string {
  return `${Math.max(1, Math.round(cores * 1000))}m`;
}

function resourceQuantities(resources: ExecutionSpec['resources']): Record<string, string> {
  const quantities: Record<string, string> = {};
  if (resources.cpu !== undefined) quantities.cpu = cpuQuantity(resources.cpu);
  if (resources.memoryBytes !== undefined) quantities.memory = String(Math.round(resources.memoryBytes));
  return quantities;
}

/** The caller's labels that are valid Kubernetes labels; ours win on a clash. */
function jobLabels(spec: ExecutionSpec): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(spec.labels)) {
    if (isLabelKey(key) && isLabelValue(value)) labels[key] = value;
  }
  return {
    ...labels,
    [managedByLabel]: managedByValue,
    [jobIdLabel]: jobIdLabelValue(spec.jobId),
    [attemptLabel]: String(spec.attempt)
  };
}

export function buildJobManifest(spec: ExecutionSpec, options: ManifestOptions): V1Job {
  const { gpus, gpuType } = spec.resources;
  if (gpuType !== undefined && !isLabelValue(gpuType)) {
    throw new BadRequestError(
      `resources.gpuType "${gpuType}" cannot be a node label value (letters, digits, "-", "_", "." and at most 63 characters)`
    );
  }
  const requests = resourceQuantities(spec.resources);
  const limits = gpus > 0 ? { ...requests, [gpuResource]: String(gpus) } : { ...requests };
  const labels = jobLabels(spec);
  const outputVolume = spec.outputDir.startsWith('/');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: kubernetesJobName(spec.jobId, spec.attempt),
      namespace: options.namespace,
      labels,
      annotations: { 'mlportal.dev/job-id': spec.jobId, 'mlportal.dev/job-name': spec.name }
    },
    spec: {
      backoffLimit: spec.retries,
      activeDeadlineSeconds: spec.timeoutSeconds,
      ttlSecondsAfterFinished: options.ttlSecondsAfterFinished,
      podFailurePolicy: { rules: podFailureRules },
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          // Code in the job talks to mlportal with its own token, never to the Kubernetes API.
          automountServiceAccountToken: false,
          containers: [
            {
              name: containerName,
              image: spec.image,
              ...(spec.command.length > 0 ? { command: spec.command } : {}),
              ...(spec.args.length > 0 ? { args: spec.args } : {}),
              env: Object.entries(spec.env).map(([name, value]) => ({ name, value })),
              resources: { requests, limits },
              ...(outputVolume ? { volumeMounts: [{ name: 'outputs', mountPath: spec.outputDir }] } : {})
            }
          ],
          ...(outputVolume ? { volumes: [{ name: 'outputs', emptyDir: {} }] } : {}),
          ...(gpuType !== undefined ? { nodeSelector: { [gpuProductLabel]: gpuType } } : {}),
          ...(gpus > 0 ? { tolerations: [{ key: gpuResource, operator: 'Exists', effect: 'NoSchedule' }] } : {})
        }
      }
    }
  };
}
