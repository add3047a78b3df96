/**
 * What the API server checks on an apps/v1 Deployment, a v1 Service and an autoscaling/v2 HorizontalPodAutoscaler before
 * it stores one, as far as this double models it — the same three layers as for Jobs (job-validation.ts): the OpenAPI
 * schema through kubernetes-models, unknown fields along client-node's type map, and a subset of the hand-written
 * validation (pkg/apis/apps/validation, pkg/apis/core/validation, pkg/apis/autoscaling/validation): names, labels,
 * selectors that match their template, replicas, the pod template (restartPolicy Always, containers, volumes, probes),
 * Service ports, HPA bounds and metric targets. On replace: the immutable fields (a Deployment's selector, a Service's
 * clusterIP and type-bound fields) must not change.
 * Not modelled: admission, defaulting beyond what tests read, every field's rules.
 */
import {
  asArray,
  asObject,
  Checker,
  checkContainers,
  dnsLabel,
  dnsSubdomain,
  labelHelp,
  schemaCausesOf,
  subdomainHelp,
  unknownFieldsOf,
  type JobModel,
  type StatusCause
} from './job-validation';
import { kubernetesModelsFile } from './native-modules';

type Json = Record<string, unknown>;

export type WorkloadKind = 'deployments' | 'services' | 'horizontalpodautoscalers';

export interface WorkloadValidation {
  causes: StatusCause[];
  unknownFields: string[];
}

interface KindRules {
  /** kubernetes-models file and class; client-node type for unknown fields. */
  modelFile: string;
  modelClass: string;
  clientType: string;
  semantics(object: Json, check: Checker): void;
}

/** RFC 1035 label: Service names start with a letter (they become DNS names and environment variables). */
const dns1035Label = /^[a-z](?:[-a-z0-9]*[a-z0-9])?$/;
const dns1035Help =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

function checkSubdomainName(check: Checker, metadata: Json): void {
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') {
    if (!metadata.generateName) check.required('metadata.name');
  } else if (name.length > 253 || !dnsSubdomain.test(name)) check.invalid('metadata.name', name, subdomainHelp);
}

function checkMetadata(check: Checker, object: Json): Json {
  const metadata = asObject(object.metadata);
  check.labels('metadata.labels', metadata.labels);
  for (const key of Object.keys(asObject(metadata.annotations))) check.labelKey('metadata.annotations', key);
  return metadata;
}

/** A label selector matches `labels` when each matchLabels entry is there (matchExpressions are not modelled). */
function selectorMatches(selector: Json, labels: Json): boolean {
  return Object.entries(asObject(selector.matchLabels)).every(([key, value]) => labels[key] === value);
}

function checkProbe(check: Checker, field: string, probe: unknown): void {
  if (probe === undefined) return;
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => asObject(probe)[h] !== undefined);
  if (handlers.length === 0) check.required(`${field}`);
  else if (handlers.length > 1)
    check.causes.push({
      reason: 'FieldValueForbidden',
      field: `${field}.${handlers[1]}`,
      message: 'Forbidden: may not specify more than 1 handler type'
    });
  const httpGet = asObject(asObject(probe).httpGet);
  if (asObject(probe).httpGet !== undefined) {
    if (httpGet.port === undefined) check.required(`${field}.httpGet.port`);
    if (typeof httpGet.path === 'string' && !httpGet.path.startsWith('/'))
      check.invalid(`${field}.httpGet.path`, httpGet.path, 'must be an absolute path');
  }
  for (const counter of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'] as const) {
    check.nonNegative(`${field}.${counter}`, asObject(probe)[counter]);
  }
}

function checkDeployment(deployment: Json, check: Checker): void {
  const metadata = checkMetadata(check, deployment);
  checkSubdomainName(check, metadata);
  const spec = asObject(deployment.spec);
  if (deployment.spec === undefined) check.required('spec');
  check.nonNegative('spec.replicas', spec.replicas);
  check.nonNegative('spec.minReadySeconds', spec.minReadySeconds);
  check.nonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit);
  const selector = asObject(spec.selector);
  const template = asObject(spec.template);
  const templateLabels = asObject(asObject(template.metadata).labels);
  check.labels('spec.template.metadata.labels', templateLabels);
  if (spec.selector === undefined) check.required('spec.selector');
  else if (Object.keys(asObject(selector.matchLabels)).length === 0 && asArray(selector.matchExpressions).length === 0) {
    check.invalid('spec.selector', selector, 'empty selector is invalid for deployment');
  } else if (!selectorMatches(selector, templateLabels)) {
    check.invalid('spec.template.metadata.labels', templateLabels, '`selector` does not match template `labels`');
  }
  check.labels('spec.selector.matchLabels', selector.matchLabels);
  const podSpec = asObject(template.spec);
  if (template.spec === undefined) check.required('spec.template.spec');
  const restartPolicy = podSpec.restartPolicy ?? 'Always';
  if (restartPolicy !== 'Always') check.notSupported('spec.template.spec.restartPolicy', restartPolicy, ['Always']);
  const volumes: string[] = [];
  asArray(podSpec.volumes).forEach((raw, i) => {
    const volume = asObject(raw);
    const name = volume.name;
    if (typeof name !== 'string' || !dnsLabel.test(name) || name.length > 63)
      check.invalid(`spec.template.spec.volumes[${i}].name`, name, labelHelp);
    else if (volumes.includes(name)) check.duplicate(`spec.template.spec.volumes[${i}].name`, name);
    else volumes.push(name);
    const claim = volume.persistentVolumeClaim;
    if (claim !== undefined && !asObject(claim).claimName)
      check.required(`spec.template.spec.volumes[${i}].persistentVolumeClaim.claimName`);
  });
  checkContainers(check, 'spec.template.spec.containers', podSpec);
  asArray(podSpec.containers).forEach((raw, i) => {
    const container = asObject(raw);
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
      checkProbe(check, `spec.template.spec.containers[${i}].${probe}`, container[probe]);
    }
    asArray(container.env).forEach((rawEnv, j) => {
      const env = asObject(rawEnv);
      const from = asObject(env.valueFrom);
      if (env.value !== undefined && env.valueFrom !== undefined) {
        check.invalid(`spec.template.spec.containers[${i}].env[${j}].valueFrom`, '', 'may not be specified when `value` is not empty');
      }
      const secret = from.secretKeyRef;
      if (secret !== undefined) {
        if (!asObject(secret).key) check.required(`spec.template.spec.containers[${i}].env[${j}].valueFrom.secretKeyRef.key`);
        if (!asObject(secret).name) check.required(`spec.template.spec.containers[${i}].env[${j}].valueFrom.secretKeyRef.name`);
      }
    });
  });
  check.labels('spec.template.spec.nodeSelector', podSpec.nodeSelector);
}

function checkService(service: Json, check: Checker): void {
  const metadata = checkMetadata(check, service);
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') {
    if (!metadata.generateName) check.required('metadata.name');
  } else if (name.length > 63 || !dns1035Label.test(name)) {
    check.invalid('metadata.name', name, name.length > 63 ? 'must be no more than 63 characters' : dns1035Help);
  }
  const spec = asObject(service.spec);
  const type = spec.type ?? 'ClusterIP';
  if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(String(type))) {
    check.notSupported('spec.type', type, ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
  }
  const ports = asArray(spec.ports);
  if (ports.length === 0 && type !== 'ExternalName') check.required('spec.ports');
  const portNames: string[] = [];
  ports.forEach((raw, i) => {
    const port = asObject(raw);
    const at = `spec.ports[${i}]`;
    if (ports.length > 1 && (typeof port.name !== 'string' || port.name === '')) check.required(`${at}.name`);
    if (typeof port.name === 'string' && port.name !== '') {
      if (port.name.length > 63 || !dnsLabel.test(port.name)) check.invalid(`${at}.name`, port.name, labelHelp);
      else if (portNames.includes(port.name)) check.duplicate(`${at}.name`, port.name);
      else portNames.push(port.name);
    }
    if (typeof port.port !== 'number' || port.port < 1 || port.port > 65535)
      check.invalid(`${at}.port`, port.port, 'must be between 1 and 65535, inclusive');
    const target = port.targetPort;
    if (typeof target === 'number' && (target < 1 || target > 65535))
      check.invalid(`${at}.targetPort`, target, 'must be between 1 and 65535, inclusive');
    if (typeof target === 'string' && (target.length > 15 || !/^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/.test(target) || !/[a-z]/.test(target))) {
      check.invalid(`${at}.targetPort`, target, 'must contain at least one letter (a-z), at most 15 characters');
    }
    const protocol = port.protocol ?? 'TCP';
    if (!['TCP', 'UDP', 'SCTP'].includes(String(protocol))) check.notSupported(`${at}.protocol`, protocol, ['SCTP', 'TCP', 'UDP']);
  });
  check.labels('spec.selector', spec.selector);
}

function checkHpa(hpa: Json, check: Checker): void {
  const metadata = checkMetadata(check, hpa);
  checkSubdomainName(check, metadata);
  const spec = asObject(hpa.spec);
  const target = asObject(spec.scaleTargetRef);
  if (!target.kind) check.required('spec.scaleTargetRef.kind');
  if (!target.name) check.required('spec.scaleTargetRef.name');
  else if (typeof target.name === 'string' && !dnsSubdomain.test(target.name))
    check.invalid('spec.scaleTargetRef.name', target.name, subdomainHelp);
  const min = spec.minReplicas;
  const max = spec.maxReplicas;
  if (typeof min === 'number' && min < 1) check.invalid('spec.minReplicas', min, 'must be greater than or equal to 1');
  if (typeof max === 'number' && max < 1) check.invalid('spec.maxReplicas', max, 'must be greater than or equal to 1');
  if (typeof max === 'number' && max < (typeof min === 'number' ? min : 1))
    check.invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`');
  asArray(spec.metrics).forEach((raw, i) => {
    const metric = asObject(raw);
    const at = `spec.metrics[${i}]`;
    const types = ['Object', 'Pods', 'Resource', 'ContainerResource', 'External'];
    if (!types.includes(String(metric.type))) check.notSupported(`${at}.type`, metric.type, types);
    if (metric.type === 'Resource') {
      const resource = asObject(metric.resource);
      if (metric.resource === undefined) check.required(`${at}.resource`);
      if (!resource.name) check.required(`${at}.resource.name`);
      const metricTarget = asObject(resource.target);
      const targetType = metricTarget.type;
      if (!['Utilization', 'Value', 'AverageValue'].includes(String(targetType)))
        check.notSupported(`${at}.resource.target.type`, targetType, ['AverageValue', 'Utilization', 'Value']);
      if (targetType === 'Utilization') {
        const utilization = metricTarget.averageUtilization;
        if (utilization === undefined) check.required(`${at}.resource.target.averageUtilization`);
        else if (typeof utilization === 'number' && utilization <= 0)
          check.invalid(`${at}.resource.target.averageUtilization`, utilization, 'must be greater than 0');
      }
    }
  });
}

const rules: Record<WorkloadKind, KindRules> = {
  deployments: { modelFile: 'apps/v1/Deployment.js', modelClass: 'Deployment', clientType: 'V1Deployment', semantics: checkDeployment },
  services: { modelFile: 'v1/Service.js', modelClass: 'Service', clientType: 'V1Service', semantics: checkService },
  horizontalpodautoscalers: {
    modelFile: 'autoscaling/v2/HorizontalPodAutoscaler.js',
    modelClass: 'HorizontalPodAutoscaler',
    clientType: 'V2HorizontalPodAutoscaler',
    semantics: checkHpa
  }
};

const models = new Map<WorkloadKind, JobModel>();

function modelOf(kind: WorkloadKind): JobModel {
  let model = models.get(kind);
  if (!model) {
    model = kubernetesModelsFile<Record<string, JobModel>>(rules[kind].modelFile)[rules[kind].modelClass];
    models.set(kind, model);
  }
  return model;
}

export function validateWorkload(kind: WorkloadKind, object: Json): WorkloadValidation {
  const unknownFields: string[] = [];
  unknownFieldsOf(object, rules[kind].clientType, '', unknownFields);
  const check = new Checker();
  rules[kind].semantics(object, check);
  return { causes: [...schemaCausesOf(modelOf(kind), object), ...check.causes], unknownFields };
}

/** Fields an update may not change; `current` is what is stored. */
export function immutableCauses(kind: WorkloadKind, current: Json, next: Json): StatusCause[] {
  const causes: StatusCause[] = [];
  const immutable = (field: string, before: unknown, after: unknown) => {
    if (JSON.stringify(before) !== JSON.stringify(after))
      causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(after)}: field is immutable` });
  };
  if (kind === 'deployments') immutable('spec.selector', asObject(current.spec).selector, asObject(next.spec).selector);
  if (kind === 'services') {
    const before = asObject(current.spec).clusterIP;
    const after = asObject(next.spec).clusterIP;
    // An update that leaves clusterIP out keeps the allocated one only when it says nothing else; "" is a change.
    if (after !== undefined && after !== before) immutable('spec.clusterIP', before, after);
  }
  return causes;
}
