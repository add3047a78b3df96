/**
 * The app's one KubernetesScaleOut, made on first use from its settings: the cluster from the standard places
 * (KUBECONFIG, ~/.kube/config, a pod's service account), the namespace of MLPORTAL_KUBE_NAMESPACE, the image of
 * MLPORTAL_SERVER_IMAGE. A test points it at the API-server double with useKubernetesAccess before the first call.
 */
import type { Services } from '../../api/services';
import { loadClientNode } from '../../jobs/kubernetes/client-node';
import { kubeconfigPresent } from '../../jobs/kubernetes/kubeconfig-present';
import { DEFAULT_SCALE_OUT_SETTINGS } from './manifests';
import { KubernetesScaleOut, NoClusterError, type KubernetesAccess } from './scale-out';

const scaleOuts = new WeakMap<Services, KubernetesScaleOut>();
const givenAccess = new WeakMap<Services, KubernetesAccess>();

/** Tests: the client and kubeconfig to use instead of the standard places. */
export function useKubernetesAccess(services: Services, access: KubernetesAccess): void {
  givenAccess.set(services, access);
}

function defaultAccess(): KubernetesAccess {
  if (!kubeconfigPresent()) throw new NoClusterError();
  const client = loadClientNode();
  const kubeConfig = new client.KubeConfig();
  kubeConfig.loadFromDefault();
  return { client, kubeConfig };
}

/** Whether a cluster is configured (or a test gave one): without, there is nothing applied to remove. */
export function hasCluster(services: Services): boolean {
  return givenAccess.has(services) || kubeconfigPresent();
}

export function scaleOutFor(services: Services): KubernetesScaleOut {
  let scaleOut = scaleOuts.get(services);
  if (!scaleOut) {
    const { config } = services;
    let access: KubernetesAccess | undefined;
    scaleOut = new KubernetesScaleOut(() => (access ??= givenAccess.get(services) ?? defaultAccess()), {
      ...DEFAULT_SCALE_OUT_SETTINGS,
      namespace: config.kubeNamespace,
      image: config.serverImage,
      mongoDb: config.store.kind === 'mongodb' ? config.store.dbName : 'mlportal'
    });
    scaleOuts.set(services, scaleOut);
  }
  return scaleOut;
}
