/**
 * The double's apps/v1 deployments, v1 services and autoscaling/v2 horizontalpodautoscalers: create (POST), get, list,
 * replace (PUT, optimistic on metadata.resourceVersion when given) and delete, each create and replace validated like
 * the API server (workload-validation.ts), with fieldValidation (Strict refuses unknown fields, Warn warns) and
 * dryRun=All (validated, answered, nothing stored). No controllers run: a Deployment gets no pods.
 */
import { randomUUID } from 'node:crypto';
import type { StatusCause } from './job-validation';
import type { KubeObject, ObjectStore } from './object-store';
import { immutableCauses, validateWorkload, type WorkloadKind } from './workload-validation';

type Json = Record<string, unknown>;
export type Reply = (code: number, body: unknown, headers?: Record<string, string>) => void;

export const workloadResources: Record<WorkloadKind, { group: string; kind: string; listKind: string; apiVersion: string }> = {
  deployments: { group: 'apps', kind: 'Deployment', listKind: 'DeploymentList', apiVersion: 'apps/v1' },
  services: { group: '', kind: 'Service', listKind: 'ServiceList', apiVersion: 'v1' },
  horizontalpodautoscalers: {
    group: 'autoscaling',
    kind: 'HorizontalPodAutoscaler',
    listKind: 'HorizontalPodAutoscalerList',
    apiVersion: 'autoscaling/v2'
  }
};

const paths: Array<[RegExp, WorkloadKind]> = [
  [/^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments(?:\/([^/]+))?$/, 'deployments'],
  [/^\/api\/v1\/namespaces\/([^/]+)\/services(?:\/([^/]+))?$/, 'services'],
  [/^\/apis\/autoscaling\/v2\/namespaces\/([^/]+)\/horizontalpodautoscalers(?:\/([^/]+))?$/, 'horizontalpodautoscalers']
];

export function statusBody(code: number, reason: string, message: string, details?: Json): Json {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/** `Deployment.apps "x"`, `Service "x"`: how the API server names an object in messages. */
function qualified(kind: WorkloadKind, name: string): string {
  const { group, kind: kindName } = workloadResources[kind];
  return `${kindName}${group ? `.${group}` : ''} ${JSON.stringify(name)}`;
}

function resourceName(kind: WorkloadKind): string {
  const { group } = workloadResources[kind];
  return `${kind}${group ? `.${group}` : ''}`;
}

export class WorkloadApi {
  constructor(
    private readonly store: ObjectStore,
    private readonly namespaceExists: (namespace: string) => boolean
  ) {}

  /** Answers the request when the path is one of these kinds; false when it is not. */
  handle(method: string, url: URL, body: string, reply: Reply): boolean {
    const found = paths.map(([pattern, kind]) => [pattern.exec(url.pathname), kind] as const).find(([match]) => match);
    if (!found) return false;
    const [match, kind] = found;
    const [, namespace, name] = match!;
    const { group, kind: kindName } = workloadResources[kind];
    const notFound = () =>
      reply(404, statusBody(404, 'NotFound', `${resourceName(kind)} ${JSON.stringify(name)} not found`, { name, group, kind }));
    if (!name && method === 'GET') {
      const { listKind, apiVersion } = workloadResources[kind];
      reply(200, {
        kind: listKind,
        apiVersion,
        metadata: { resourceVersion: String(this.store.currentVersion) },
        items: this.store.list(kind, namespace)
      });
    } else if (!name && method === 'POST') {
      this.write(kind, namespace, undefined, body, url.searchParams, reply);
    } else if (name && method === 'GET') {
      const object = this.store.get(kind, namespace, name);
      if (!object) notFound();
      else reply(200, object);
    } else if (name && method === 'PUT') {
      this.write(kind, namespace, name, body, url.searchParams, reply);
    } else if (name && method === 'DELETE') {
      const object = this.store.get(kind, namespace, name);
      if (!object) return (notFound(), true);
      if (url.searchParams.get('dryRun') !== 'All') this.store.remove(kind, namespace, name);
      reply(200, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name, group, kind, uid: object.metadata.uid }
      });
    } else {
      reply(405, statusBody(405, 'MethodNotAllowed', `${method} is not supported on ${kindName} by the kube-api double`));
    }
    return true;
  }

  /** Create (`pathName` undefined) or replace. */
  private write(
    kind: WorkloadKind,
    namespace: string,
    pathName: string | undefined,
    body: string,
    params: URLSearchParams,
    reply: Reply
  ): void {
    let object: KubeObject;
    try {
      object = JSON.parse(body) as KubeObject;
    } catch (err) {
      reply(400, statusBody(400, 'BadRequest', `the body of the request was in an unknown format: ${(err as Error).message}`));
      return;
    }
    const metadata = (object.metadata ?? {}) as KubeObject['metadata'];
    const { group, kind: kindName, apiVersion } = workloadResources[kind];
    if (object.apiVersion !== apiVersion || object.kind !== kindName) {
      reply(
        400,
        statusBody(
          400,
          'BadRequest',
          `the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${apiVersion}), or the kind (${String(object.kind)}) is not ${kindName}`
        )
      );
      return;
    }
    if (metadata.namespace && metadata.namespace !== namespace) {
      reply(400, statusBody(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request'));
      return;
    }
    const name = metadata.name ?? '';
    if (pathName !== undefined && name !== pathName) {
      reply(400, statusBody(400, 'BadRequest', `the name of the object (${name}) does not match the name on the URL (${pathName})`));
      return;
    }
    const { causes, unknownFields } = validateWorkload(kind, object as unknown as Json);
    const headers: Record<string, string> = {};
    if (unknownFields.length > 0) {
      const fieldValidation = params.get('fieldValidation') ?? 'Warn';
      if (fieldValidation === 'Strict') {
        reply(
          400,
          statusBody(
            400,
            'BadRequest',
            `strict decoding error: ${unknownFields.map((f) => `unknown field ${JSON.stringify(f)}`).join(', ')}`
          )
        );
        return;
      }
      if (fieldValidation === 'Warn')
        headers.Warning = unknownFields.map((f) => `299 - ${JSON.stringify(`unknown field ${JSON.stringify(f)}`)}`).join(', ');
    }
    const invalid = (found: StatusCause[]) =>
      reply(422, statusBody(422, 'Invalid', invalidMessage(kind, name, found), { name, group, kind: kindName, causes: found }));
    if (causes.length > 0) return invalid(causes);
    if (!this.namespaceExists(namespace)) {
      reply(404, statusBody(404, 'NotFound', `namespaces ${JSON.stringify(namespace)} not found`, { name: namespace, kind: 'namespaces' }));
      return;
    }
    const current = this.store.get(kind, namespace, name);
    const dryRun = params.get('dryRun') === 'All';
    if (pathName === undefined) {
      if (current) {
        reply(409, statusBody(409, 'AlreadyExists', `${resourceName(kind)} ${JSON.stringify(name)} already exists`, { name, group, kind }));
        return;
      }
      withCreateDefaults(kind, object, namespace);
      reply(201, dryRun ? object : this.store.create(kind, object), headers);
      return;
    }
    if (!current) {
      reply(404, statusBody(404, 'NotFound', `${resourceName(kind)} ${JSON.stringify(name)} not found`, { name, group, kind }));
      return;
    }
    const sentVersion = metadata.resourceVersion;
    if (sentVersion !== undefined && sentVersion !== current.metadata.resourceVersion) {
      reply(
        409,
        statusBody(
          409,
          'Conflict',
          `Operation cannot be fulfilled on ${resourceName(kind)} ${JSON.stringify(name)}: the object has been modified; please apply your changes to the latest version and try again`,
          { name, group, kind }
        )
      );
      return;
    }
    keepAllocated(kind, current, object);
    const immutable = immutableCauses(kind, current as unknown as Json, object as unknown as Json);
    if (immutable.length > 0) return invalid(immutable);
    object.metadata = {
      ...object.metadata,
      namespace,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      generation: Number(current.metadata.generation ?? 1) + 1
    };
    object.status = current.status ?? {};
    reply(
      200,
      dryRun
        ? { ...object, metadata: { ...object.metadata, resourceVersion: current.metadata.resourceVersion } }
        : this.store.update(kind, object),
      headers
    );
  }
}

function invalidMessage(kind: WorkloadKind, name: string, causes: StatusCause[]): string {
  const parts = causes.map((c) => `${c.field}: ${c.message}`);
  return `${qualified(kind, name)} is invalid: ${parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`}`;
}

/** What the API server fills in on create (the parts tests read). */
function withCreateDefaults(kind: WorkloadKind, object: KubeObject, namespace: string): void {
  object.metadata = { ...object.metadata, namespace, uid: randomUUID(), generation: 1 };
  const spec = (object.spec ?? {}) as Json;
  if (kind === 'deployments') {
    spec.replicas ??= 1;
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
    spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
  }
  if (kind === 'services') {
    spec.type ??= 'ClusterIP';
    if (spec.clusterIP === undefined) {
      const octets = randomUUID()
        .replace(/-/g, '')
        .slice(0, 4)
        .match(/../g)!
        .map((hex) => (parseInt(hex, 16) % 254) + 1);
      spec.clusterIP = `10.96.${octets[0]}.${octets[1]}`;
      spec.clusterIPs = [spec.clusterIP];
    }
  }
  object.status = {};
}

/** An update that leaves a Service's allocated cluster IP out keeps it, as the API server does. */
function keepAllocated(kind: WorkloadKind, current: KubeObject, next: KubeObject): void {
  if (kind !== 'services') return;
  const spec = (next.spec ?? {}) as Json;
  const before = (current.spec ?? {}) as Json;
  if (spec.clusterIP === undefined || spec.clusterIP === '') {
    spec.clusterIP = before.clusterIP;
    spec.clusterIPs = before.clusterIPs;
  }
  next.spec = spec;
}
