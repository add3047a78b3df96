/**
 * What the API server checks on a batch/v1 Job before it stores it, as far as this double models it:
 * 1. the OpenAPI schema, through kubernetes-models' compiled validators (types, enums, required fields, int32/int64 and
 *    quantity formats). The published schema has no additionalProperties and no minimums, so that alone lets unknown
 *    fields and negative numbers through;
 * 2. unknown fields, found by walking the object along the OpenAPI type map generated into @kubernetes/client-node
 *    (a real server refuses them only with fieldValidation=Strict, and warns otherwise — the double does the same);
 * 3. a subset of the API server's hand-written validation (pkg/apis/batch/validation, pkg/apis/core/validation):
 *    names, labels, non-negative counts, restartPolicy, podFailurePolicy rules, containers, env names, resources
 *    (requests ≤ limits, extended resources such as nvidia.com/gpu integral and requested only as limits), volumes,
 *    node selector and tolerations.
 * Not modelled: admission (quotas, LimitRanges, PodSecurity), immutability on update, initContainers' and probes' rules.
 */
import type { ClientNode } from '../../platform/kubernetes/client-node';
import { clientNodeForTests, kubernetesModelsFile } from './native-modules';

export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export interface JobValidation {
  causes: StatusCause[];
  unknownFields: string[];
}

type Json = Record<string, unknown>;

interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

export interface JobModel {
  new (data: unknown): { validate(): void };
}

export const dnsLabel = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
export const dnsSubdomain = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
const labelName = /^[A-Za-z0-9](?:[-_.A-Za-z0-9]*[A-Za-z0-9])?$/;
const labelValue = /^(?:[A-Za-z0-9](?:[-_.A-Za-z0-9]*[A-Za-z0-9])?)?$/;
const envVarName = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
export const subdomainHelp =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const labelHelp =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const labelValueHelp =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

let jobModel: JobModel | undefined;
let clientNode: ClientNode | undefined;

export class Checker {
  readonly causes: StatusCause[] = [];

  invalid(field: string, value: unknown, why: string): void {
    this.causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${why}` });
  }
  required(field: string): void {
    this.causes.push({ reason: 'FieldValueRequired', field, message: 'Required value' });
  }
  notSupported(field: string, value: unknown, supported: string[]): void {
    const list = supported.map((s) => JSON.stringify(s)).join(', ');
    this.causes.push({
      reason: 'FieldValueNotSupported',
      field,
      message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${list}`
    });
  }
  duplicate(field: string, value: unknown): void {
    this.causes.push({ reason: 'FieldValueDuplicate', field, message: `Duplicate value: ${JSON.stringify(value)}` });
  }
  nonNegative(field: string, value: unknown): void {
    if (typeof value === 'number' && value < 0) this.invalid(field, value, 'must be greater than or equal to 0');
  }
  labelKey(field: string, key: string): void {
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if (prefix !== undefined && (prefix.length > 253 || !dnsSubdomain.test(prefix)))
      this.invalid(field, key, `prefix part ${subdomainHelp}`);
    if (name.length > 63 || !labelName.test(name)) {
      this.invalid(
        field,
        key,
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, at most 63 characters"
      );
    }
  }
  labels(field: string, labels: unknown): void {
    for (const [key, value] of Object.entries(asObject(labels))) {
      this.labelKey(field, key);
      if (typeof value === 'string' && (value.length > 63 || !labelValue.test(value))) this.invalid(`${field}`, value, labelValueHelp);
    }
  }
}

export function asObject(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

const binarySuffixes: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const decimalSuffixes: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The number a Kubernetes quantity stands for; undefined when it is not one (the schema's format check reports that). */
export function quantityValue(quantity: unknown): number | undefined {
  if (typeof quantity === 'number') return quantity;
  if (typeof quantity !== 'string') return undefined;
  const match = /^([+-]?(?:\d+|\d+\.\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(quantity);
  if (!match) return undefined;
  const [, number, suffix = ''] = match;
  if (/^[eE]/.test(suffix)) return Number(number) * 10 ** Number(suffix.slice(1));
  return Number(number) * (binarySuffixes[suffix] ?? decimalSuffixes[suffix] ?? NaN);
}

function isExtendedResource(name: string): boolean {
  return name.includes('/') && !name.startsWith('kubernetes.io/') && !name.includes('.kubernetes.io/');
}

function checkResources(check: Checker, field: string, resources: unknown): void {
  const { requests, limits } = asObject(resources) as { requests?: Json; limits?: Json };
  const limitMap = asObject(limits);
  const requestMap = asObject(requests);
  for (const [kind, map] of [
    ['limits', limitMap],
    ['requests', requestMap]
  ] as const) {
    for (const [name, quantity] of Object.entries(map)) {
      check.labelKey(`${field}.${kind}[${name}]`, name);
      const value = quantityValue(quantity);
      if (value !== undefined && value < 0) check.invalid(`${field}.${kind}[${name}]`, quantity, 'must be greater than or equal to 0');
      if (value !== undefined && isExtendedResource(name) && !Number.isInteger(value)) {
        check.invalid(`${field}.${kind}[${name}]`, quantity, 'must be an integer');
      }
    }
  }
  for (const [name, quantity] of Object.entries(requestMap)) {
    const requested = quantityValue(quantity);
    const limit = quantityValue(limitMap[name]);
    if (isExtendedResource(name)) {
      if (limitMap[name] === undefined) check.required(`${field}.limits[${name}]`);
      else if (requested !== limit)
        check.invalid(`${field}.requests[${name}]`, quantity, `must be equal to ${name} limit of ${String(limitMap[name])}`);
    } else if (requested !== undefined && limit !== undefined && requested > limit) {
      check.invalid(`${field}.requests[${name}]`, quantity, `must be less than or equal to ${name} limit of ${String(limitMap[name])}`);
    }
  }
}

export function checkContainers(check: Checker, field: string, podSpec: Json): string[] {
  const containers = asArray(podSpec.containers);
  if (containers.length === 0) check.required(field);
  const names: string[] = [];
  const volumeNames = new Set(asArray(podSpec.volumes).map((v) => asObject(v).name));
  containers.forEach((raw, i) => {
    const container = asObject(raw);
    const at = `${field}[${i}]`;
    const name = container.name;
    if (typeof name !== 'string' || name === '') check.required(`${at}.name`);
    else if (name.length > 63 || !dnsLabel.test(name)) check.invalid(`${at}.name`, name, labelHelp);
    else if (names.includes(name)) check.duplicate(`${at}.name`, name);
    else names.push(name);
    if (typeof container.image !== 'string' || container.image.trim() === '') check.required(`${at}.image`);
    asArray(container.env).forEach((rawEnv, j) => {
      const envName = asObject(rawEnv).name;
      if (typeof envName !== 'string' || envName === '') check.required(`${at}.env[${j}].name`);
      else if (!envVarName.test(envName) || /^\d/.test(envName)) {
        check.invalid(
          `${at}.env[${j}].name`,
          envName,
          "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit"
        );
      }
    });
    checkResources(check, `${at}.resources`, container.resources);
    asArray(container.volumeMounts).forEach((rawMount, j) => {
      const mount = asObject(rawMount);
      if (!volumeNames.has(mount.name))
        check.causes.push({
          reason: 'FieldValueNotFound',
          field: `${at}.volumeMounts[${j}].name`,
          message: `Not found: ${JSON.stringify(mount.name)}`
        });
      if (typeof mount.mountPath !== 'string' || mount.mountPath === '') check.required(`${at}.volumeMounts[${j}].mountPath`);
    });
  });
  return names;
}

function checkPodSpec(check: Checker, field: string, podSpec: Json, podFailurePolicy: boolean): string[] {
  const restartPolicy = podSpec.restartPolicy ?? 'Always';
  if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never')
    check.notSupported(`${field}.restartPolicy`, restartPolicy, ['OnFailure', 'Never']);
  else if (podFailurePolicy && restartPolicy !== 'Never') {
    check.invalid(`${field}.restartPolicy`, restartPolicy, 'only "Never" is supported when podFailurePolicy is specified');
  }
  const volumes: string[] = [];
  asArray(podSpec.volumes).forEach((raw, i) => {
    const name = asObject(raw).name;
    if (typeof name !== 'string' || !dnsLabel.test(name) || name.length > 63) check.invalid(`${field}.volumes[${i}].name`, name, labelHelp);
    else if (volumes.includes(name)) check.duplicate(`${field}.volumes[${i}].name`, name);
    else volumes.push(name);
  });
  const containerNames = checkContainers(check, `${field}.containers`, podSpec);
  check.labels(`${field}.nodeSelector`, podSpec.nodeSelector);
  asArray(podSpec.tolerations).forEach((raw, i) => {
    const toleration = asObject(raw);
    const at = `${field}.tolerations[${i}]`;
    const operator = toleration.operator ?? 'Equal';
    if (operator !== 'Exists' && operator !== 'Equal') check.notSupported(`${at}.operator`, operator, ['Equal', 'Exists']);
    if (operator === 'Exists' && toleration.value)
      check.invalid(`${at}.operator`, toleration.value, "value must be empty when `operator` is 'Exists'");
    if (typeof toleration.key === 'string' && toleration.key !== '') check.labelKey(`${at}.key`, toleration.key);
    else if (operator !== 'Exists')
      check.invalid(`${at}.operator`, operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"');
    const effect = toleration.effect;
    if (effect !== undefined && effect !== '' && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(String(effect))) {
      check.notSupported(`${at}.effect`, effect, ['NoExecute', 'NoSchedule', 'PreferNoSchedule']);
    }
  });
  return containerNames;
}

function checkPodFailurePolicy(check: Checker, policy: Json, containerNames: string[]): void {
  const rules = asArray(policy.rules);
  if (rules.length > 20)
    check.causes.push({
      reason: 'FieldValueTooMany',
      field: 'spec.podFailurePolicy.rules',
      message: `Too many: ${rules.length}: must have at most 20 items`
    });
  rules.forEach((raw, i) => {
    const rule = asObject(raw);
    const at = `spec.podFailurePolicy.rules[${i}]`;
    if (!['FailJob', 'FailIndex', 'Ignore', 'Count'].includes(String(rule.action))) {
      check.notSupported(`${at}.action`, rule.action, ['Count', 'FailIndex', 'FailJob', 'Ignore']);
    }
    if (rule.onExitCodes !== undefined && rule.onPodConditions !== undefined)
      check.invalid(at, 'both', 'specifying both OnExitCodes and OnPodConditions is not supported');
    if (rule.onExitCodes === undefined && rule.onPodConditions === undefined)
      check.invalid(at, 'none', 'specifying one of OnExitCodes and OnPodConditions is required');
    if (rule.onExitCodes !== undefined) {
      const onExitCodes = asObject(rule.onExitCodes);
      const values = asArray(onExitCodes.values) as number[];
      if (!['In', 'NotIn'].includes(String(onExitCodes.operator)))
        check.notSupported(`${at}.onExitCodes.operator`, onExitCodes.operator, ['In', 'NotIn']);
      if (values.length === 0) check.required(`${at}.onExitCodes.values`);
      values.forEach((value, j) => {
        if (j > 0 && value === values[j - 1]) check.duplicate(`${at}.onExitCodes.values[${j}]`, value);
        else if (j > 0 && value < values[j - 1]) check.invalid(`${at}.onExitCodes.values[${j}]`, value, 'must be ordered');
        if (onExitCodes.operator === 'In' && value === 0)
          check.invalid(`${at}.onExitCodes.values[${j}]`, value, 'must not be 0 for the In operator');
      });
      const container = onExitCodes.containerName;
      if (container !== undefined && !containerNames.includes(String(container))) {
        check.invalid(
          `${at}.onExitCodes.containerName`,
          container,
          'must be one of the container or initContainer names in the pod template'
        );
      }
    }
    asArray(rule.onPodConditions).forEach((rawCondition, j) => {
      const condition = asObject(rawCondition);
      const status = condition.status ?? 'True';
      if (!['True', 'False', 'Unknown'].includes(String(status)))
        check.notSupported(`${at}.onPodConditions[${j}].status`, status, ['False', 'True', 'Unknown']);
      if (typeof condition.type !== 'string' || condition.type === '') check.required(`${at}.onPodConditions[${j}].type`);
    });
  });
}

function checkSemantics(job: Json): StatusCause[] {
  const check = new Checker();
  const metadata = asObject(job.metadata);
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') {
    if (!metadata.generateName) check.required('metadata.name');
  } else if (name.length > 253 || !dnsSubdomain.test(name)) {
    check.invalid('metadata.name', name, subdomainHelp);
  } else if (name.length > 63) {
    // The Job controller puts the name in its pods' job-name label, so the API server keeps it to a label's length.
    check.invalid('metadata.name', name, 'must be no more than 63 characters');
  }
  check.labels('metadata.labels', metadata.labels);
  for (const key of Object.keys(asObject(metadata.annotations))) check.labelKey('metadata.annotations', key);

  const spec = asObject(job.spec);
  if (job.spec === undefined) check.required('spec');
  for (const field of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished'] as const) {
    check.nonNegative(`spec.${field}`, spec[field]);
  }
  const template = asObject(spec.template);
  check.labels('spec.template.metadata.labels', asObject(template.metadata).labels);
  const podSpec = asObject(template.spec);
  if (template.spec === undefined) check.required('spec.template.spec');
  const containerNames = checkPodSpec(check, 'spec.template.spec', podSpec, spec.podFailurePolicy !== undefined);
  if (spec.podFailurePolicy !== undefined) checkPodFailurePolicy(check, asObject(spec.podFailurePolicy), containerNames);
  return check.causes;
}

/** `/spec/template/spec/containers/0/image` → `spec.template.spec.containers[0].image`, the way Status causes name fields. */
export function fieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : `${i === 0 ? '' : '.'}${part.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('');
}

function schemaCauses(job: Json): StatusCause[] {
  jobModel ??= kubernetesModelsFile<{ Job: JobModel }>('batch/v1/Job.js').Job;
  return schemaCausesOf(jobModel, job);
}

/** What the OpenAPI schema (a kubernetes-models class) says about `object`, as Status causes. */
export function schemaCausesOf(model: JobModel, object: Json): StatusCause[] {
  try {
    new model(object).validate();
    return [];
  } catch (err) {
    const errors = (err as { errors?: SchemaError[] }).errors ?? [];
    return errors.map((e) => {
      const field = fieldPath(e.instancePath);
      if (e.keyword === 'required')
        return {
          reason: 'FieldValueRequired',
          field: [field, String(e.params.missingProperty)].filter(Boolean).join('.'),
          message: 'Required value'
        };
      if (e.keyword === 'enum') return { reason: 'FieldValueNotSupported', field, message: `Unsupported value: ${e.message ?? ''}` };
      return {
        reason: e.keyword === 'type' ? 'FieldValueTypeInvalid' : 'FieldValueInvalid',
        field,
        message: `Invalid value: ${e.message ?? e.keyword}`
      };
    });
  }
}

type TypeMap = { getAttributeTypeMap(): { baseName: string; type: string }[] };

export function unknownFieldsOf(value: unknown, type: string, path: string, found: string[]): void {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    asArray(value).forEach((item, i) => unknownFieldsOf(item, array[1], `${path}[${i}]`, found));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    for (const [key, item] of Object.entries(asObject(value))) unknownFieldsOf(item, map[1], `${path}[${key}]`, found);
    return;
  }
  clientNode ??= clientNodeForTests();
  const model = (clientNode as unknown as Record<string, TypeMap | undefined>)[type];
  if (!model?.getAttributeTypeMap || typeof value !== 'object' || Array.isArray(value)) return;
  const attributes = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [key, item] of Object.entries(value as Json)) {
    const attributeType = attributes.get(key);
    const at = path ? `${path}.${key}` : key;
    if (attributeType === undefined) found.push(at);
    else unknownFieldsOf(item, attributeType, at, found);
  }
}

export function validateJob(job: Json): JobValidation {
  const unknownFields: string[] = [];
  unknownFieldsOf(job, 'V1Job', '', unknownFields);
  return { causes: [...schemaCauses(job), ...checkSemantics(job)], unknownFields };
}
