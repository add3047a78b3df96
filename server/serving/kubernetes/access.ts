/**
 * The backend's one KubernetesScaleOut, made on first use from its settings: the cluster from the standard places
 * (KUBECONFIG, ~/.kube/config, a pod's service account), the namespace of MLPORTAL_KUBE_NAMESPACE, the image of
 * MLPORTAL_SERVER_IMAGE. A test points it at the API-server double with use() before the first call.
 */
import type { Config } from '../../config';
import { loadClientNode } from '../../platform/kubernetes/client-node';
import { kubeconfigPresent } from '../../platform/kubernetes/kubeconfig-present';
import { DEFAULT_SCALE_OUT_SETTINGS } from './manifests';
import { KubernetesScaleOut, NoClusterError, type KubernetesAccess } from './scale-out';

export class ClusterAccess {
  private given: KubernetesAccess | undefined;
  private made: KubernetesScaleOut | undefined;

  constructor(private readonly config: Pick<Config, 'kubeNamespace' | 'serverImage' | 'store'>) {}

  /** Tests: the client and kubeconfig to use instead of the standard places. */
  use(access: KubernetesAccess): void {
    this.given = access;
  }

  /** Whether a cluster is configured (or a test gave one): without, there is nothing applied to remove. */
  hasCluster(): boolean {
    return this.given !== undefined || kubeconfigPresent();
  }

  scaleOut(): KubernetesScaleOut {
    if (!this.made) {
      const { config } = this;
      let access: KubernetesAccess | undefined;
      this.made = new KubernetesScaleOut(() => (access ??= this.given ?? defaultAccess()), {
        ...DEFAULT_SCALE_OUT_SETTINGS,
        namespace: config.kubeNamespace,
        image: config.serverImage,
        mongoDb: config.store.kind === 'mongodb' ? config.store.dbName : 'mlportal'
      });
    }
    return this.made;
  }
}

function defaultAccess(): KubernetesAccess {
  if (!kubeconfigPresent()) throw new NoClusterError();
  const client = loadClientNode();
  const kubeConfig = new client.KubeConfig();
  kubeConfig.loadFromDefault();
  return { client, kubeConfig };
}
