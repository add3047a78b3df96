/**
 * Applies a deployment's Kubernetes objects (manifests.ts): each is created, or replaced when it exists (on the
 * version read just before, so a concurrent change is refused, not overwritten). All three go to the API server
 * as a dry run first, so an object it refuses leaves the cluster as it was; with `dryRun` that is all that happens.
 * Delete removes them (missing ones are fine).
 */
import { AppError } from '../../platform/errors';
import { kubernetesFailure } from '../../platform/kubernetes/api-errors';
import type { ClientNode, KubeConfig } from '../../platform/kubernetes/client-node';
import {
  buildScaleOutObjects,
  objectName,
  type ScaleOutObject,
  type ScaleOutSettings,
  type ScaleOutTarget,
  type V1Deployment,
  type V1Service,
  type V2HorizontalPodAutoscaler
} from './manifests';

export interface KubernetesAccess {
  client: ClientNode;
  kubeConfig: KubeConfig;
}

export interface ApplyResult {
  /** As the API server answered them (with dryRun: as it would store them). */
  objects: ScaleOutObject[];
  applied: boolean;
}

type Kind = 'Deployment' | 'Service' | 'HorizontalPodAutoscaler';

/** One kind's calls on the client, in the shape every kind shares. */
interface KindApi {
  read(name: string): Promise<ScaleOutObject>;
  create(body: ScaleOutObject, dryRun: boolean): Promise<ScaleOutObject>;
  replace(name: string, body: ScaleOutObject, dryRun: boolean): Promise<ScaleOutObject>;
  remove(name: string): Promise<unknown>;
}

const dryRunParam = (dryRun: boolean) => (dryRun ? { dryRun: 'All' } : {});

export class KubernetesScaleOut {
  constructor(
    private readonly access: () => KubernetesAccess,
    readonly settings: ScaleOutSettings
  ) {}

  /** What would be applied for `target`. */
  objects(target: ScaleOutTarget): ScaleOutObject[] {
    return buildScaleOutObjects(target, this.settings);
  }

  async apply(target: ScaleOutTarget, options: { dryRun?: boolean } = {}): Promise<ApplyResult> {
    const objects = this.objects(target);
    const checked = await this.applyAll(objects, true);
    if (options.dryRun) return { objects: checked, applied: false };
    return { objects: await this.applyAll(objects, false), applied: true };
  }

  /** Deletes the deployment's objects; answers the kinds that were there. */
  async remove(deploymentName: string): Promise<Kind[]> {
    const name = objectName(deploymentName);
    const removed: Kind[] = [];
    // The autoscaler first: it would otherwise scale a Deployment that is going away.
    for (const kind of ['HorizontalPodAutoscaler', 'Service', 'Deployment'] as const) {
      try {
        await this.api(kind).remove(name);
        removed.push(kind);
      } catch (err) {
        if (statusCode(err) !== 404) throw kubernetesFailure(err, `deleting ${kind} ${name} in namespace ${this.settings.namespace}`);
      }
    }
    return removed;
  }

  private async applyAll(objects: ScaleOutObject[], dryRun: boolean): Promise<ScaleOutObject[]> {
    const answered: ScaleOutObject[] = [];
    for (const object of objects) answered.push(await this.applyOne(object, dryRun));
    return answered;
  }

  private async applyOne(object: ScaleOutObject, dryRun: boolean): Promise<ScaleOutObject> {
    const kind = object.kind as Kind;
    const name = object.metadata?.name ?? '';
    const api = this.api(kind);
    const action = `${dryRun ? 'checking' : 'applying'} ${kind} ${name} in namespace ${this.settings.namespace}`;
    let current: ScaleOutObject | undefined;
    try {
      current = await api.read(name);
    } catch (err) {
      if (statusCode(err) !== 404) throw kubernetesFailure(err, action);
    }
    try {
      if (!current) return await api.create(object, dryRun);
      const body = { ...object, metadata: { ...object.metadata, resourceVersion: current.metadata?.resourceVersion } } as ScaleOutObject;
      return await api.replace(name, body, dryRun);
    } catch (err) {
      throw kubernetesFailure(err, action);
    }
  }

  private api(kind: Kind): KindApi {
    const { client, kubeConfig } = this.access();
    const namespace = this.settings.namespace;
    const common = { namespace, fieldValidation: 'Strict' };
    if (kind === 'Deployment') {
      const apps = kubeConfig.makeApiClient(client.AppsV1Api);
      return {
        read: (name) => apps.readNamespacedDeployment({ name, namespace }),
        create: (body, dryRun) => apps.createNamespacedDeployment({ ...common, body: body as V1Deployment, ...dryRunParam(dryRun) }),
        replace: (name, body, dryRun) =>
          apps.replaceNamespacedDeployment({ ...common, name, body: body as V1Deployment, ...dryRunParam(dryRun) }),
        remove: (name) => apps.deleteNamespacedDeployment({ name, namespace, propagationPolicy: 'Foreground' })
      };
    }
    if (kind === 'Service') {
      const core = kubeConfig.makeApiClient(client.CoreV1Api);
      return {
        read: (name) => core.readNamespacedService({ name, namespace }),
        create: (body, dryRun) => core.createNamespacedService({ ...common, body: body as V1Service, ...dryRunParam(dryRun) }),
        replace: (name, body, dryRun) =>
          core.replaceNamespacedService({ ...common, name, body: body as V1Service, ...dryRunParam(dryRun) }),
        remove: (name) => core.deleteNamespacedService({ name, namespace })
      };
    }
    const autoscaling = kubeConfig.makeApiClient(client.AutoscalingV2Api);
    return {
      read: (name) => autoscaling.readNamespacedHorizontalPodAutoscaler({ name, namespace }),
      create: (body, dryRun) =>
        autoscaling.createNamespacedHorizontalPodAutoscaler({ ...common, body: body as V2HorizontalPodAutoscaler, ...dryRunParam(dryRun) }),
      replace: (name, body, dryRun) =>
        autoscaling.replaceNamespacedHorizontalPodAutoscaler({
          ...common,
          name,
          body: body as V2HorizontalPodAutoscaler,
          ...dryRunParam(dryRun)
        }),
      remove: (name) => autoscaling.deleteNamespacedHorizontalPodAutoscaler({ name, namespace })
    };
  }
}

function statusCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** When no cluster is configured: a clear refusal instead of the client's own error about a missing kubeconfig. */
export class NoClusterError extends AppError {
  constructor() {
    super(
      409,
      'kubernetes_not_configured',
      'no Kubernetes cluster is configured for this backend: set KUBECONFIG (or run it in a pod with a service account) to apply deployments to Kubernetes'
    );
  }
}
