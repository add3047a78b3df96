/**
 * The Kubernetes objects one mlportal deployment scales out as: an apps/v1 Deployment running the server image in
 * serving-only mode for just that deployment, a v1 Service in front of its pods, and an autoscaling/v2
 * HorizontalPodAutoscaler on CPU utilisation between the deployment's replica bounds. The pods share the backend's
 * MongoDB store (its URL from a Secret) and read model files from the artifact volume (the objects folder of the
 * backend's artifact store, mounted read-only); everything else they write stays in the pod.
 */
import type { ClientNode } from '../../platform/kubernetes/client-node';
import { managedByLabel, managedByValue } from '../../platform/kubernetes/labels';

export type V1Deployment = InstanceType<ClientNode['V1Deployment']>;
export type V1Service = InstanceType<ClientNode['V1Service']>;
export type V2HorizontalPodAutoscaler = InstanceType<ClientNode['V2HorizontalPodAutoscaler']>;
export type ScaleOutObject = V1Deployment | V1Service | V2HorizontalPodAutoscaler;

/** What the objects need of a deployment (a Deployment of server/serving/deployments/schemas.ts fits). */
export interface ScaleOutTarget {
  name: string;
  replicas: { min: number; max: number; targetCpuPercent: number };
}

export interface ScaleOutSettings {
  namespace: string;
  /** The mlportal server image (MLPORTAL_SERVER_IMAGE). */
  image: string;
  /** The Secret holding the MongoDB connection string the pods use. */
  mongoSecret: { name: string; key: string };
  /** The database name within it (the backend's own). */
  mongoDb: string;
  /** The PersistentVolumeClaim of the backend's artifact store; its `objects` folder is mounted read-only. */
  artifactsClaim: string;
  /** Per pod; the HPA's utilisation is measured against the CPU request. */
  resources: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
}

export const SERVING_PORT = 8765;
export const SERVING_PORT_NAME = 'http';
const DATA_DIR = '/var/lib/mlportal';
const CONTAINER_NAME = 'server';
export const DEPLOYMENT_LABEL = 'mlportal.dev/deployment';
const COMPONENT_LABEL = 'app.kubernetes.io/component';
const COMPONENT_VALUE = 'serving';

export const DEFAULT_SCALE_OUT_SETTINGS: Omit<ScaleOutSettings, 'namespace' | 'image' | 'mongoDb'> = {
  mongoSecret: { name: 'mlportal-mongo', key: 'url' },
  artifactsClaim: 'mlportal-artifacts',
  resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } }
};

/** The three objects are named as the deployment is (a DNS label, so also a valid Service name). */
export function objectName(deploymentName: string): string {
  return deploymentName;
}

function labelsOf(target: ScaleOutTarget): Record<string, string> {
  return { [managedByLabel]: managedByValue, [COMPONENT_LABEL]: COMPONENT_VALUE, [DEPLOYMENT_LABEL]: target.name };
}

function selectorOf(target: ScaleOutTarget): Record<string, string> {
  return { [COMPONENT_LABEL]: COMPONENT_VALUE, [DEPLOYMENT_LABEL]: target.name };
}

export function buildDeployment(target: ScaleOutTarget, settings: ScaleOutSettings): V1Deployment {
  const labels = labelsOf(target);
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: SERVING_PORT_NAME },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 2
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: objectName(target.name), namespace: settings.namespace, labels },
    spec: {
      // The HPA owns the count from here on; this is where a fresh Deployment starts.
      replicas: target.replicas.min,
      selector: { matchLabels: selectorOf(target) },
      template: {
        metadata: { labels },
        spec: {
          // The server talks to MongoDB and serves HTTP; it never calls the Kubernetes API.
          automountServiceAccountToken: false,
          containers: [
            {
              name: CONTAINER_NAME,
              image: settings.image,
              ports: [{ name: SERVING_PORT_NAME, containerPort: SERVING_PORT, protocol: 'TCP' }],
              env: [
                { name: 'MLPORTAL_MODE', value: 'serving' },
                { name: 'MLPORTAL_SERVE_DEPLOYMENTS', value: target.name },
                { name: 'MLPORTAL_HOST', value: '0.0.0.0' },
                { name: 'MLPORTAL_PORT', value: String(SERVING_PORT) },
                { name: 'MLPORTAL_DATA_DIR', value: DATA_DIR },
                {
                  name: 'MLPORTAL_MONGO_URL',
                  valueFrom: { secretKeyRef: { name: settings.mongoSecret.name, key: settings.mongoSecret.key } }
                },
                { name: 'MLPORTAL_MONGO_DB', value: settings.mongoDb }
              ],
              resources: { requests: { ...settings.resources.requests }, limits: { ...settings.resources.limits } },
              // Loading the versions takes a while on a cold pod: the startup probe covers it, then liveness takes over.
              startupProbe: probe('/v2/health/live', 5, 60),
              livenessProbe: probe('/v2/health/live', 10, 3),
              readinessProbe: probe('/v2/health/ready', 5, 2),
              volumeMounts: [
                { name: 'data', mountPath: DATA_DIR },
                // Only the content-addressed objects: the store's tmp folder stays in the pod, so nothing here writes.
                { name: 'artifacts', mountPath: `${DATA_DIR}/artifacts/objects`, subPath: 'objects', readOnly: true }
              ]
            }
          ],
          volumes: [
            { name: 'data', emptyDir: {} },
            { name: 'artifacts', persistentVolumeClaim: { claimName: settings.artifactsClaim, readOnly: true } }
          ]
        }
      }
    }
  };
}

export function buildService(target: ScaleOutTarget, settings: ScaleOutSettings): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: objectName(target.name), namespace: settings.namespace, labels: labelsOf(target) },
    spec: {
      type: 'ClusterIP',
      selector: selectorOf(target),
      ports: [{ name: SERVING_PORT_NAME, port: 80, targetPort: SERVING_PORT_NAME, protocol: 'TCP' }]
    }
  };
}

export function buildAutoscaler(target: ScaleOutTarget, settings: ScaleOutSettings): V2HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: objectName(target.name), namespace: settings.namespace, labels: labelsOf(target) },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: objectName(target.name) },
      minReplicas: target.replicas.min,
      maxReplicas: target.replicas.max,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target.replicas.targetCpuPercent } }
        }
      ]
    }
  };
}

/** In the order they are applied: the Deployment first, so the Service and the HPA never point at nothing for long. */
export function buildScaleOutObjects(
  target: ScaleOutTarget,
  settings: ScaleOutSettings
): [V1Deployment, V1Service, V2HorizontalPodAutoscaler] {
  return [buildDeployment(target, settings), buildService(target, settings), buildAutoscaler(target, settings)];
}
