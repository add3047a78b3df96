/**
 * A stand-in Kubernetes API server for tests: real HTTP on 127.0.0.1, bearer-token auth, and enough of the API for
 * mlportal's executor — batch/v1 Jobs (create, get, list, watch, delete), core/v1 pods (get, list, watch) and pod logs
 * (follow streams until the container ends). Created Jobs are validated like the API server does (job-validation.ts);
 * the test moves pods through their phases (runPod, writeLog, finishPod, disruptPod, exceedDeadline) and can end
 * watches (closeWatches) or compact the history (compact) to make watchers resume or re-list. For the serving scale-out,
 * apps/v1 Deployments, v1 Services and autoscaling/v2 HorizontalPodAutoscalers can be created, read, replaced and
 * deleted, validated the same way (workload-api.ts).
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { freePort } from '../ports';
import { JobController, type PodOutcome } from './job-controller';
import { validateJob, type StatusCause } from './job-validation';
import { parseLabelSelector, type LabelSelector } from './label-selector';
import { ObjectStore, type Kind, type KubeObject, type StoredEvent } from './object-store';
import { PodLogs } from './pod-logs';
import { WorkloadApi } from './workload-api';
import type { WorkloadKind } from './workload-validation';

export interface KubeApiDoubleOptions {
  /** Namespaces that exist; creating in any other answers 404 like a real cluster. */
  namespaces?: string[];
  nodeName?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

export interface WatchOpened {
  kind: Kind;
  resourceVersion: string | undefined;
  /** 'expired' when it was answered with a 410 Expired event (resourceVersion too old). */
  outcome: 'watching' | 'expired';
}

interface OpenWatch {
  response: ServerResponse;
  stop(): void;
}

type Json = Record<string, unknown>;

const resources: Record<'jobs' | 'pods', { group: string; kind: string; listKind: string; apiVersion: string }> = {
  jobs: { group: 'batch', kind: 'Job', listKind: 'JobList', apiVersion: 'batch/v1' },
  pods: { group: '', kind: 'Pod', listKind: 'PodList', apiVersion: 'v1' }
};

function statusBody(code: number, reason: string, message: string, details?: Json): Json {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

function invalidMessage(name: string, causes: StatusCause[]): string {
  const parts = causes.map((c) => `${c.field}: ${c.message}`);
  return `Job.batch ${JSON.stringify(name)} is invalid: ${parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`}`;
}

export class KubeApiDouble {
  readonly token = `double-${randomBytes(16).toString('hex')}`;
  readonly requests: RecordedRequest[] = [];
  /** Every watch the double answered, in order; also emitted as 'watch' on `events`. */
  readonly watches: WatchOpened[] = [];
  readonly events = new EventEmitter();
  private readonly store = new ObjectStore();
  private readonly logs = new PodLogs();
  private readonly controller: JobController;
  private readonly workloadApi: WorkloadApi;
  private readonly namespaces: Set<string>;
  private readonly openWatches = new Set<OpenWatch>();
  private server: http.Server | undefined;
  private port = 0;

  private constructor(options: KubeApiDoubleOptions) {
    this.namespaces = new Set(options.namespaces ?? ['default', 'mlportal']);
    this.controller = new JobController(this.store, this.logs, options.nodeName ?? 'gpu-node-1');
    this.workloadApi = new WorkloadApi(this.store, (namespace) => this.namespaces.has(namespace));
    this.events.setMaxListeners(0);
  }

  static async start(options: KubeApiDoubleOptions = {}): Promise<KubeApiDouble> {
    const double = new KubeApiDouble(options);
    double.port = await freePort();
    double.server = http.createServer((request, response) => double.handle(request, response));
    await new Promise<void>((resolve, reject) => {
      double.server?.once('error', reject);
      double.server?.listen(double.port, '127.0.0.1', () => resolve());
    });
    return double;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Writes a kubeconfig for this server (plain http, token auth) into `dir`; returns its path. */
  writeKubeconfig(dir: string, namespace = 'mlportal'): string {
    const file = path.join(dir, 'kubeconfig');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: kube-api-double',
        '  cluster:',
        `    server: ${this.url}`,
        // client-node sends requests over plain http only when told to skip TLS verification.
        '    insecure-skip-tls-verify: true',
        'contexts:',
        '- name: kube-api-double',
        '  context:',
        '    cluster: kube-api-double',
        '    user: test',
        `    namespace: ${namespace}`,
        'current-context: kube-api-double',
        'users:',
        '- name: test',
        '  user:',
        `    token: ${this.token}`,
        ''
      ].join('\n')
    );
    return file;
  }

  async stop(): Promise<void> {
    this.closeWatches();
    this.logs.endAll();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- the test's controls -------------------------------------------------------------------------------------

  job(name: string, namespace = 'mlportal'): Json | undefined {
    return this.store.get('jobs', namespace, name) as Json | undefined;
  }

  jobs(namespace = 'mlportal'): Json[] {
    return this.store.list('jobs', namespace) as Json[];
  }

  /** A stored Deployment, Service or HorizontalPodAutoscaler (what the serving scale-out applied). */
  workload(kind: WorkloadKind, name: string, namespace = 'mlportal'): Json | undefined {
    return this.store.get(kind, namespace, name) as Json | undefined;
  }

  workloads(kind: WorkloadKind, namespace = 'mlportal'): Json[] {
    return this.store.list(kind, namespace) as Json[];
  }

  pods(jobName: string, namespace = 'mlportal'): Json[] {
    const job = this.store.get('jobs', namespace, jobName);
    if (job) return this.controller.podsOf(job as never) as unknown as Json[];
    return this.store.list('pods', namespace).filter((pod) => pod.metadata.labels?.['batch.kubernetes.io/job-name'] === jobName) as Json[];
  }

  runPod(jobName: string, namespace = 'mlportal'): string {
    return this.controller.runPod(namespace, jobName).metadata.name;
  }

  /** `podOrJobName`: a pod, or a Job whose running pod gets the text. */
  writeLog(podOrJobName: string, text: string, namespace = 'mlportal'): void {
    this.controller.writeLog(namespace, podOrJobName, text);
  }

  finishPod(jobName: string, outcome: PodOutcome, namespace = 'mlportal'): string {
    return this.controller.finishPod(namespace, jobName, outcome).metadata.name;
  }

  disruptPod(jobName: string, namespace = 'mlportal'): string {
    return this.controller.disruptPod(namespace, jobName).metadata.name;
  }

  exceedDeadline(jobName: string, namespace = 'mlportal'): void {
    this.controller.exceedDeadline(namespace, jobName);
  }

  /** Ends every open watch, as an API server does when its watch timeout passes or it restarts. */
  closeWatches(): void {
    for (const watch of [...this.openWatches]) watch.stop();
  }

  /** Compacts the event history: resuming a watch from any version seen so far answers 410 Expired. */
  compact(): void {
    this.store.compact();
  }

  /** Resolves at the next watch request for `kind` that the double answers. */
  nextWatch(kind: Kind): Promise<WatchOpened> {
    return new Promise((resolve) => {
      const listener = (opened: WatchOpened) => {
        if (opened.kind !== kind) return;
        this.events.off('watch', listener);
        resolve(opened);
      };
      this.events.on('watch', listener);
    });
  }

  // ---- HTTP ----------------------------------------------------------------------------------------------------

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.url);
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ method: request.method ?? 'GET', path: url.pathname, query });
    const reply = (code: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(code, { 'Content-Type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${this.token}`) {
      reply(401, statusBody(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      try {
        this.route(request.method ?? 'GET', url, body, reply, response);
      } catch (err) {
        reply(500, statusBody(500, 'InternalError', `kube-api double: ${(err as Error).message}`));
      }
    });
  }

  private route(
    method: string,
    url: URL,
    body: string,
    reply: (code: number, body: unknown, headers?: Record<string, string>) => void,
    response: ServerResponse
  ): void {
    if (this.workloadApi.handle(method, url, body, reply)) return;
    const jobs = /^\/apis\/batch\/v1\/namespaces\/([^/]+)\/jobs(?:\/([^/]+))?$/.exec(url.pathname);
    const pods = /^\/api\/v1\/namespaces\/([^/]+)\/pods(?:\/([^/]+)(\/log)?)?$/.exec(url.pathname);
    const match = jobs ?? pods;
    if (!match) {
      reply(404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
      return;
    }
    const kind: 'jobs' | 'pods' = jobs ? 'jobs' : 'pods';
    const [, namespace, name, log] = match;
    const { group, kind: kindName } = resources[kind];
    const notFound = () =>
      reply(
        404,
        statusBody(404, 'NotFound', `${kind}${group ? `.${group}` : ''} ${JSON.stringify(name)} not found`, { name, group, kind })
      );
    if (!name && method === 'GET') {
      let selector: LabelSelector;
      try {
        selector = parseLabelSelector(url.searchParams.get('labelSelector'));
      } catch (err) {
        reply(400, statusBody(400, 'BadRequest', (err as Error).message));
        return;
      }
      if (url.searchParams.get('watch') === 'true')
        this.watch(kind, namespace, selector, url.searchParams.get('resourceVersion') ?? undefined, response);
      else reply(200, this.listBody(kind, namespace, selector));
      return;
    }
    if (kind === 'jobs' && !name && method === 'POST') {
      this.createJob(namespace, body, url.searchParams, reply);
      return;
    }
    const object = name ? this.store.get(kind, namespace, name) : undefined;
    if (method === 'GET' && log) {
      if (!object) return notFound();
      const container = url.searchParams.get('container') ?? (object.spec as { containers: { name: string }[] }).containers[0].name;
      const phase = (object.status as { phase?: string }).phase;
      if (phase === 'Pending') {
        reply(
          400,
          statusBody(
            400,
            'BadRequest',
            `container ${JSON.stringify(container)} in pod ${JSON.stringify(name)} is waiting to start: ContainerCreating`
          )
        );
        return;
      }
      this.logs.serve(`${namespace}/${name}`, response, url.searchParams.get('follow') === 'true');
      return;
    }
    if (method === 'GET') {
      if (!object) return notFound();
      reply(200, object);
      return;
    }
    if (kind === 'jobs' && method === 'DELETE') {
      if (!object) return notFound();
      const options = body ? (JSON.parse(body) as { propagationPolicy?: string }) : {};
      // batch/v1 Jobs still default to orphaning their pods when deleted through the API.
      const policy = url.searchParams.get('propagationPolicy') ?? options.propagationPolicy ?? 'Orphan';
      const deleted = this.controller.deleteJob(namespace, name, policy);
      if (policy === 'Foreground') reply(200, deleted);
      else
        reply(200, {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Success',
          details: { name, group, kind, uid: deleted.metadata.uid }
        });
      return;
    }
    reply(405, statusBody(405, 'MethodNotAllowed', `${method} is not supported on ${kindName} by the kube-api double`));
  }

  private listBody(kind: 'jobs' | 'pods', namespace: string, selector: LabelSelector): Json {
    const { listKind, apiVersion } = resources[kind];
    const items = this.store.list(kind, namespace).filter((object) => selector(object.metadata.labels));
    return { kind: listKind, apiVersion, metadata: { resourceVersion: String(this.store.currentVersion) }, items };
  }

  private watch(
    kind: Kind,
    namespace: string,
    selector: LabelSelector,
    resourceVersion: string | undefined,
    response: ServerResponse
  ): void {
    response.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    response.flushHeaders();
    const send = (type: string, object: unknown) => response.write(`${JSON.stringify({ type, object })}\n`);
    const from = resourceVersion === undefined || resourceVersion === '' || resourceVersion === '0' ? undefined : Number(resourceVersion);
    if (from !== undefined && this.store.isTooOld(from)) {
      this.noteWatch({ kind, resourceVersion, outcome: 'expired' });
      send('ERROR', statusBody(410, 'Expired', `too old resource version: ${from} (${this.store.currentVersion})`));
      response.end();
      return;
    }
    const matches = (event: StoredEvent) =>
      event.kind === kind && event.object.metadata.namespace === namespace && selector(event.object.metadata.labels);
    if (from === undefined) {
      for (const object of this.store.list(kind, namespace)) if (selector(object.metadata.labels)) send('ADDED', object);
    } else {
      for (const event of this.store.eventsAfter(kind, from)) if (matches(event)) send(event.type, event.object);
    }
    const onEvent = (event: StoredEvent) => {
      if (matches(event)) send(event.type, event.object);
    };
    this.store.events.on('event', onEvent);
    const watch: OpenWatch = {
      response,
      stop: () => {
        this.store.events.off('event', onEvent);
        this.openWatches.delete(watch);
        response.end();
      }
    };
    this.openWatches.add(watch);
    response.on('close', () => watch.stop());
    this.noteWatch({ kind, resourceVersion, outcome: 'watching' });
  }

  private noteWatch(opened: WatchOpened): void {
    this.watches.push(opened);
    this.events.emit('watch', opened);
  }

  private createJob(
    namespace: string,
    body: string,
    params: URLSearchParams,
    reply: (code: number, body: unknown, headers?: Record<string, string>) => void
  ): void {
    let job: KubeObject;
    try {
      job = JSON.parse(body) as KubeObject;
    } catch (err) {
      reply(400, statusBody(400, 'BadRequest', `the body of the request was in an unknown format: ${(err as Error).message}`));
      return;
    }
    const metadata = (job.metadata ?? {}) as KubeObject['metadata'];
    if (metadata.namespace && metadata.namespace !== namespace) {
      reply(400, statusBody(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request'));
      return;
    }
    const { causes, unknownFields } = validateJob(job as unknown as Json);
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
    const name = metadata.name ?? '';
    if (causes.length > 0) {
      reply(422, statusBody(422, 'Invalid', invalidMessage(name, causes), { name, group: 'batch', kind: 'Job', causes }));
      return;
    }
    if (!this.namespaces.has(namespace)) {
      reply(404, statusBody(404, 'NotFound', `namespaces ${JSON.stringify(namespace)} not found`, { name: namespace, kind: 'namespaces' }));
      return;
    }
    if (this.store.get('jobs', namespace, name)) {
      reply(
        409,
        statusBody(409, 'AlreadyExists', `jobs.batch ${JSON.stringify(name)} already exists`, { name, group: 'batch', kind: 'jobs' })
      );
      return;
    }
    withDefaults(job, namespace);
    if (params.get('dryRun') === 'All') {
      reply(201, job, headers);
      return;
    }
    const created = this.store.create('jobs', job);
    this.controller.jobCreated(this.store.get('jobs', namespace, name) as never);
    reply(201, created, headers);
  }
}

/** What the API server fills in on create: defaults, the generated selector and the controller's pod labels. */
function withDefaults(job: KubeObject, namespace: string): void {
  const uid = randomBytes(16)
    .toString('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
  const name = job.metadata.name;
  job.metadata = { ...job.metadata, namespace, uid, generation: 1 };
  const spec = job.spec as Json & { template: { metadata?: { labels?: Record<string, string> } } };
  const controllerLabels = {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name
  };
  spec.template.metadata = {
    ...(spec.template.metadata ?? {}),
    labels: { ...(spec.template.metadata?.labels ?? {}), ...controllerLabels }
  };
  spec.selector ??= { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  spec.parallelism ??= 1;
  spec.completions ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.manualSelector ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  job.status = {};
}
