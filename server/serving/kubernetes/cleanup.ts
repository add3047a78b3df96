/**
 * Deleting a deployment also deletes its Kubernetes objects (those of an earlier apply, by this backend or another;
 * none there is fine). Registered with the deployment catalog when serving is built, so it holds after a restart too.
 * When the cluster cannot be reached, a deployment of target kubernetes is not deleted (the error says why); a local
 * one is.
 */
import type { Logger } from '../../platform/logging';
import type { DeleteHook } from '../deployments/catalog';
import type { ClusterAccess } from './access';

export function removeKubernetesObjects(cluster: ClusterAccess, logger: Logger): DeleteHook {
  return async (deployment) => {
    if (!cluster.hasCluster()) return;
    let removed: string[];
    try {
      removed = await cluster.scaleOut().remove(deployment.name);
    } catch (err) {
      // A deployment that runs on Kubernetes keeps its record until its objects are gone; a local one need not wait for a cluster.
      if (deployment.target === 'kubernetes') throw err;
      logger.warn({ err, deployment: deployment.name }, 'could not check the cluster for Kubernetes objects of a deleted local deployment');
      return;
    }
    if (removed.length > 0) logger.info({ deployment: deployment.name, removed }, 'deleted the deployment’s Kubernetes objects');
  };
}
