/** Whether a Kubernetes cluster is configured the standard ways (KUBECONFIG, or running in a pod with a service account). */
import { existsSync } from 'node:fs';

const serviceAccountToken = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export function kubeconfigPresent(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.KUBECONFIG && env.KUBECONFIG.trim() !== '') return true;
  return Boolean(env.KUBERNETES_SERVICE_HOST) && existsSync(serviceAccountToken);
}
