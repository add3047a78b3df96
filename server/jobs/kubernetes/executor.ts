/**
 * Runs jobs as batch/v1 Jobs on a Kubernetes cluster. One watch on mlportal's Jobs and one on their pods (both by label,
 * both resumed when they end) drive the updates: pod phases give "running" and the node, Job conditions give the end.
 * Pod logs are followed into the hooks. Retries after a disruption are Kubernetes' own (podFailurePolicy, backoffLimit).
 */
import type { ExecutionHooks, ExecutionSpec, ExecutionUpdate, JobExecutor } from '../executor';
import { loadClientNode, type ClientNode, type KubeConfig, type V1Job, type V1Pod } from '../../platform/kubernetes/client-node';
import { kubernetesFailure } from '../../platform/kubernetes/api-errors';
import { buildJobManifest } from './job-manifest';
import { jobOutcome, type JobOutcome } from './job-outcome';
import { attemptLabel, containerName, jobSelector, managedSelector, podJobNameLabel } from './names';
import { PodLogStream } from './pod-log-stream';
import { ResourceWatch, type WatchEventType } from './resource-watch';

export interface KubernetesExecutorOptions {
  /** Defaults to the standard places: KUBECONFIG, ~/.kube/config, or the pod's service account in-cluster. */
  kubeConfig?: KubeConfig;
  namespace?: string;
  ttlSecondsAfterFinished?: number;
  /** The client library; tests pass the copy they loaded (see server/testing/kube-api/native-modules.ts). */
  client?: ClientNode;
  /** Where problems that are retried (a watch that failed, a log that could not be opened) are reported. */
  onProblem?: (message: string) => void;
}

export const defaultNamespace = 'mlportal';
const defaultTtlSeconds = 3600;
/** How long the end of a job waits for its pods' logs to drain before reporting the final state. */
const logDrainMs = 30_000;

interface TrackedPod {
  log?: PodLogStream;
  opening?: Promise<void>;
  reportedRunning: boolean;
}

interface Tracked {
  spec: ExecutionSpec;
  hooks: ExecutionHooks;
  jobName: string;
  pods: Map<string, TrackedPod>;
  node?: string;
  lastExitCode?: number;
  /** Set once the final update is decided (finished, cancelled or lost); later events are ignored. */
  done: boolean;
}

export class KubernetesExecutor implements JobExecutor {
  readonly kind = 'kubernetes' as const;
  readonly namespace: string;
  private readonly client: ClientNode;
  private readonly kubeConfig: KubeConfig;
  private readonly ttlSecondsAfterFinished: number;
  private readonly onProblem: (message: string) => void;
  private readonly byJobName = new Map<string, Tracked>();
  private jobWatch: ResourceWatch<V1Job> | undefined;
  private podWatch: ResourceWatch<V1Pod> | undefined;
  private watching: Promise<void> | undefined;
  private closed = false;

  constructor(options: KubernetesExecutorOptions = {}) {
    this.client = options.client ?? loadClientNode();
    this.kubeConfig = options.kubeConfig ?? defaultKubeConfig(this.client);
    this.namespace = options.namespace ?? defaultNamespace;
    this.ttlSecondsAfterFinished = options.ttlSecondsAfterFinished ?? defaultTtlSeconds;
    this.onProblem = options.onProblem ?? ((message) => console.warn(`mlportal kubernetes executor: ${message}`));
  }

  /** The watches' restart counters (for tests and diagnostics). */
  get watchRestarts() {
    return { jobs: this.jobWatch?.restarts, pods: this.podWatch?.restarts };
  }

  async start(spec: ExecutionSpec, hooks: ExecutionHooks): Promise<void> {
    this.assertOpen();
    const manifest = buildJobManifest(spec, { namespace: this.namespace, ttlSecondsAfterFinished: this.ttlSecondsAfterFinished });
    const jobName = manifest.metadata?.name ?? '';
    this.track(spec, hooks, jobName);
    try {
      await this.batchApi().createNamespacedJob({ namespace: this.namespace, body: manifest, fieldValidation: 'Strict' });
    } catch (err) {
      this.byJobName.delete(jobName);
      throw kubernetesFailure(err, `creating Job ${jobName} in namespace ${this.namespace}`);
    }
    await this.ensureWatching();
  }

  async cancel(jobId: string): Promise<void> {
    this.assertOpen();
    const tracked = [...this.byJobName.values()].find((t) => t.spec.jobId === jobId && !t.done);
    const names = tracked ? [tracked.jobName] : await this.jobNamesOf(jobId);
    if (tracked) {
      tracked.done = true;
      this.stopLogs(tracked);
    }
    for (const name of names) {
      try {
        await this.batchApi().deleteNamespacedJob({ name, namespace: this.namespace, propagationPolicy: 'Foreground' });
      } catch (err) {
        const failure = kubernetesFailure(err, `deleting Job ${name}`);
        if (failure.status !== 404) {
          if (tracked) tracked.done = false;
          throw failure;
        }
      }
    }
    if (tracked) {
      this.byJobName.delete(tracked.jobName);
      tracked.hooks.onUpdate({ state: 'cancelled', reason: 'cancelled; its Kubernetes Job was deleted' });
    }
  }

  async reattach(spec: ExecutionSpec, hooks: ExecutionHooks): Promise<'reattached' | 'lost'> {
    this.assertOpen();
    const jobs = await this.listJobs(jobSelector(spec.jobId));
    const job =
      jobs.find((j) => j.metadata?.labels?.[attemptLabel] === String(spec.attempt)) ??
      jobs.sort((a, b) => creationTime(b) - creationTime(a))[0];
    const jobName = job?.metadata?.name;
    if (!job || !jobName) return 'lost';
    const tracked = this.track(spec, hooks, jobName);
    await this.ensureWatching();
    // The watch may have listed this Job before it was tracked: look at it (and its pods) once more now.
    for (const pod of await this.podsOf(jobName)) this.onPod('MODIFIED', pod);
    if (!tracked.done) this.onJob('MODIFIED', job);
    return 'reattached';
  }

  async close(): Promise<void> {
    this.closed = true;
    this.jobWatch?.close();
    this.podWatch?.close();
    for (const tracked of this.byJobName.values()) {
      tracked.done = true;
      this.stopLogs(tracked);
    }
    this.byJobName.clear();
  }

  private track(spec: ExecutionSpec, hooks: ExecutionHooks, jobName: string): Tracked {
    const tracked: Tracked = { spec, hooks, jobName, pods: new Map(), done: false };
    this.byJobName.set(jobName, tracked);
    return tracked;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the Kubernetes executor was closed');
  }

  private batchApi() {
    return this.kubeConfig.makeApiClient(this.client.BatchV1Api);
  }

  private coreApi() {
    return this.kubeConfig.makeApiClient(this.client.CoreV1Api);
  }

  private async listJobs(labelSelector: string): Promise<V1Job[]> {
    try {
      return (await this.batchApi().listNamespacedJob({ namespace: this.namespace, labelSelector })).items;
    } catch (err) {
      throw kubernetesFailure(err, `listing Jobs in namespace ${this.namespace}`);
    }
  }

  private async jobNamesOf(jobId: string): Promise<string[]> {
    return (await this.listJobs(jobSelector(jobId))).flatMap((job) => (job.metadata?.name ? [job.metadata.name] : []));
  }

  private async podsOf(jobName: string): Promise<V1Pod[]> {
    const list = await this.coreApi().listNamespacedPod({ namespace: this.namespace, labelSelector: `${podJobNameLabel}=${jobName}` });
    return list.items;
  }

  private ensureWatching(): Promise<void> {
    if (this.watching) return this.watching;
    const common = { client: this.client, kubeConfig: this.kubeConfig, labelSelector: managedSelector, onProblem: this.onProblem };
    this.jobWatch = new ResourceWatch<V1Job>({
      ...common,
      path: `/apis/batch/v1/namespaces/${this.namespace}/jobs`,
      list: async () => {
        const list = await this.batchApi().listNamespacedJob({ namespace: this.namespace, labelSelector: managedSelector });
        return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
      },
      onEvent: (type, job) => this.onJob(type, job)
    });
    this.podWatch = new ResourceWatch<V1Pod>({
      ...common,
      path: `/api/v1/namespaces/${this.namespace}/pods`,
      list: async () => {
        const list = await this.coreApi().listNamespacedPod({ namespace: this.namespace, labelSelector: managedSelector });
        return { items: list.items, resourceVersion: list.metadata?.resourceVersion ?? '' };
      },
      onEvent: (type, pod) => this.onPod(type, pod)
    });
    this.watching = Promise.all([this.podWatch.start(), this.jobWatch.start()]).then(() => undefined);
    return this.watching;
  }

  private onJob(type: WatchEventType, job: V1Job): void {
    const tracked = this.byJobName.get(job.metadata?.name ?? '');
    if (!tracked || tracked.done) return;
    if (type === 'DELETED') {
      this.finish(tracked, () => ({ state: 'failed', reason: `its Kubernetes Job ${tracked.jobName} was deleted before it finished` }));
      return;
    }
    if (jobOutcome(job, tracked.spec.timeoutSeconds)) {
      // Decided after the logs drained: by then the failed pod's exit code is known, whichever watch spoke first.
      this.finish(tracked, () => jobOutcome(job, tracked.spec.timeoutSeconds, tracked.lastExitCode) as JobOutcome);
    }
  }

  private onPod(type: WatchEventType, pod: V1Pod): void {
    const podName = pod.metadata?.name;
    const labels = pod.metadata?.labels ?? {};
    const tracked = this.byJobName.get(labels[podJobNameLabel] ?? labels['job-name'] ?? '');
    if (!podName || !tracked || tracked.done) return;
    const podState = this.podState(tracked, podName);
    noteExitAndNode(tracked, pod);
    if (type === 'DELETED') return;
    const phase = pod.status?.phase;
    if (phase === 'Running' && !podState.reportedRunning) {
      podState.reportedRunning = true;
      tracked.hooks.onUpdate({ state: 'running', ...(tracked.node ? { placement: { node: tracked.node } } : {}) });
    }
    if (phase === 'Running' || phase === 'Succeeded' || phase === 'Failed') void this.followLog(tracked, podName, podState);
  }

  private podState(tracked: Tracked, podName: string): TrackedPod {
    let state = tracked.pods.get(podName);
    if (!state) {
      state = { reportedRunning: false };
      tracked.pods.set(podName, state);
    }
    return state;
  }

  private followLog(tracked: Tracked, podName: string, podState: TrackedPod): Promise<void> {
    if (podState.log || podState.opening) return podState.opening ?? Promise.resolve();
    const target = { namespace: this.namespace, pod: podName, container: containerName };
    podState.opening = PodLogStream.open(this.client, this.kubeConfig, target, (text) => {
      if (this.byJobName.get(tracked.jobName) === tracked) tracked.hooks.onLog(text, 'stdout');
    })
      .then((log) => {
        podState.log = log;
        if (this.closed) log.stop();
      })
      .catch((err: unknown) => {
        // A container still waiting to start refuses its log; the next pod event tries again.
        this.onProblem(`${kubernetesFailure(err, `following the log of pod ${podName}`).message}`);
      })
      .finally(() => {
        podState.opening = undefined;
      });
    return podState.opening;
  }

  /** Reports the end once the pods' logs have drained (bounded), so the log is complete when the state is final. */
  private finish(tracked: Tracked, decide: () => JobOutcome): void {
    tracked.done = true;
    void this.drainLogs(tracked).then(() => {
      if (this.byJobName.get(tracked.jobName) !== tracked) return;
      this.byJobName.delete(tracked.jobName);
      const update: ExecutionUpdate = { ...decide(), ...(tracked.node ? { placement: { node: tracked.node } } : {}) };
      tracked.hooks.onUpdate(update);
    });
  }

  private async drainLogs(tracked: Tracked): Promise<void> {
    try {
      // Pods that ran and ended between two watch events were never followed: their whole log is still there to read.
      for (const pod of await this.podsOf(tracked.jobName)) {
        const podName = pod.metadata?.name;
        const phase = pod.status?.phase;
        noteExitAndNode(tracked, pod);
        if (podName && (phase === 'Running' || phase === 'Succeeded' || phase === 'Failed')) {
          await this.followLog(tracked, podName, this.podState(tracked, podName));
        }
      }
    } catch (err) {
      this.onProblem(kubernetesFailure(err, `listing the pods of Job ${tracked.jobName}`).message);
    }
    const logsEnded = Promise.all([...tracked.pods.values()].map((pod) => pod.log?.ended ?? Promise.resolve()));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, logDrainMs)));
    await Promise.race([logsEnded, deadline]);
    clearTimeout(timer);
    this.stopLogs(tracked);
  }

  private stopLogs(tracked: Tracked): void {
    for (const pod of tracked.pods.values()) pod.log?.stop();
  }
}

function noteExitAndNode(tracked: Tracked, pod: V1Pod): void {
  const exitCode = pod.status?.containerStatuses?.find((c) => c.name === containerName)?.state?.terminated?.exitCode;
  if (pod.status?.phase === 'Failed' && exitCode !== undefined) tracked.lastExitCode = exitCode;
  if (pod.spec?.nodeName) tracked.node = pod.spec.nodeName;
}

function creationTime(job: V1Job): number {
  const created = job.metadata?.creationTimestamp;
  return created ? new Date(created).getTime() : 0;
}

function defaultKubeConfig(client: ClientNode): KubeConfig {
  const kubeConfig = new client.KubeConfig();
  kubeConfig.loadFromDefault();
  return kubeConfig;
}
