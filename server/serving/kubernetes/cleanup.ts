/**
 * Deleting a deployment also deletes its Kubernetes objects (those of an earlier apply, by this backend or another;
 * none there is fine). Registered with the deployments service at start-up, so it holds after a restart too. When the
 * cluster cannot be reached, a deployment of target kubernetes is not deleted (the error says why); a local one is.
 */
import type { Services } from '../../api/services';
import type { Deployment } from '../deployments/schemas';
import { hasCluster, scaleOutFor } from './access';

export function removeKubernetesObjectsOnDelete(services: Services): void {
  services.serving.deployments.onDelete(async (deployment: Deployment) => {
    if (!hasCluster(services)) return;
    let removed: string[];
    try {
      removed = await scaleOutFor(services).remove(deployment.name);
    } catch (err) {
      // A deployment that runs on Kubernetes keeps its record until its objects are gone; a local one need not wait for a cluster.
      if (deployment.target === 'kubernetes') throw err;
      services.logger.warn({ err, deployment: deployment.name }, 'could not check the cluster for Kubernetes objects of a deleted local deployment');
      return;
    }
    if (removed.length > 0) services.logger.info({ deployment: deployment.name, removed }, 'deleted the deployment’s Kubernetes objects');
  });
}
