/**
 * The part of the Job controller and kubelet the tests drive: one pod per Job at a time, moved through its phases on the
 * test's command, with the Job's status and conditions following the rules a real controller applies (backoffLimit,
 * podFailurePolicy rules in order, DisruptionTarget, activeDeadlineSeconds, foreground/background/orphan deletion).
 */
import { randomBytes } from 'node:crypto';
import type { KubeObject, ObjectStore } from './object-store';
import type { PodLogs } from './pod-logs';

type Json = Record<string, unknown>;

interface PodFailurePolicyRule {
  action: string;
  onExitCodes?: { containerName?: string; operator: 'In' | 'NotIn'; values: number[] };
  onPodConditions?: { type: string; status?: string }[];
}

interface JobSpec {
  backoffLimit?: number;
  podFailurePolicy?: { rules: PodFailurePolicyRule[] };
  template: { metadata?: { labels?: Record<string, string> }; spec: Json & { containers: { name: string }[] } };
}

interface JobStatus {
  active?: number;
  ready?: number;
  failed?: number;
  succeeded?: number;
  terminating?: number;
  startTime?: string;
  completionTime?: string;
  conditions?: { type: string; status: string; reason?: string; message?: string; lastProbeTime: string; lastTransitionTime: string }[];
}

type Job = KubeObject & { spec: JobSpec; status?: JobStatus };

interface ContainerStatus {
  name: string;
  ready: boolean;
  restartCount: number;
  image: string;
  state: Json;
}

type Pod = KubeObject & {
  spec: Json & { containers: { name: string; image?: string }[]; nodeName?: string };
  status: {
    phase: string;
    conditions?: { type: string; status: string; reason?: string }[];
    containerStatuses?: ContainerStatus[];
    startTime?: string;
  };
};

export interface PodOutcome {
  exitCode: number;
}

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

export class JobController {
  constructor(
    private readonly store: ObjectStore,
    private readonly logs: PodLogs,
    private readonly nodeName: string
  ) {}

  /** What the controller does right after a Job is stored: it starts the Job and creates its first pod. */
  jobCreated(job: Job): void {
    job.status = { ...(job.status ?? {}), startTime: now(), active: 0, ready: 0, terminating: 0 };
    this.createPod(job);
  }

  runPod(namespace: string, jobName: string): Pod {
    const pod = this.activePod(namespace, jobName, 'Pending');
    pod.spec.nodeName = this.nodeName;
    pod.status = {
      ...pod.status,
      phase: 'Running',
      startTime: now(),
      conditions: [
        { type: 'PodScheduled', status: 'True' },
        { type: 'Ready', status: 'True' }
      ],
      containerStatuses: pod.spec.containers.map((c) => ({
        name: c.name,
        image: c.image ?? '',
        ready: true,
        restartCount: 0,
        state: { running: { startedAt: now() } }
      }))
    };
    this.store.update('pods', pod);
    const job = this.job(namespace, jobName);
    job.status = { ...job.status, ready: 1 };
    this.store.update('jobs', job);
    return pod;
  }

  writeLog(namespace: string, podOrJobName: string, text: string): void {
    const pod = this.store.get('pods', namespace, podOrJobName)
      ? podOrJobName
      : this.activePod(namespace, podOrJobName, 'Running').metadata.name;
    this.logs.append(`${namespace}/${pod}`, text);
  }

  finishPod(namespace: string, jobName: string, outcome: PodOutcome): Pod {
    const pod = this.activePod(namespace, jobName, 'Running');
    this.terminate(pod, outcome.exitCode, outcome.exitCode === 0 ? 'Completed' : 'Error');
    this.afterPodEnded(this.job(namespace, jobName), pod);
    return pod;
  }

  /** Preemption or eviction: the kubelet marks the pod DisruptionTarget and kills it (exit 137). */
  disruptPod(namespace: string, jobName: string, reason = 'PreemptionByScheduler'): Pod {
    const pod = this.activePod(namespace, jobName);
    pod.status.conditions = [...(pod.status.conditions ?? []), { type: 'DisruptionTarget', status: 'True', reason }];
    this.terminate(pod, 137, 'Error');
    this.afterPodEnded(this.job(namespace, jobName), pod);
    return pod;
  }

  /** activeDeadlineSeconds ran out: active pods are killed and the Job fails with DeadlineExceeded. */
  exceedDeadline(namespace: string, jobName: string): void {
    const job = this.job(namespace, jobName);
    for (const pod of this.podsOf(job)) {
      if (isTerminal(pod)) continue;
      this.terminate(pod, 137, 'Error');
      job.status = { ...job.status, failed: (job.status?.failed ?? 0) + 1 };
    }
    this.failJob(job, 'DeadlineExceeded', 'Job was active longer than specified deadline');
  }

  /** Deletes a Job the way the garbage collector does for each propagation policy. */
  deleteJob(namespace: string, name: string, propagationPolicy: string): Job {
    const job = this.job(namespace, name);
    const pods = this.podsOf(job);
    const removePods = () => {
      for (const pod of pods) {
        this.logs.end(`${namespace}/${pod.metadata.name}`);
        this.store.remove('pods', namespace, pod.metadata.name);
      }
    };
    if (propagationPolicy === 'Foreground') {
      job.metadata.deletionTimestamp = now();
      job.metadata.finalizers = ['foregroundDeletion'];
      const marked = this.store.update('jobs', job) as Job;
      removePods();
      this.store.remove('jobs', namespace, name);
      return marked;
    }
    this.store.remove('jobs', namespace, name);
    if (propagationPolicy === 'Background') removePods();
    return job;
  }

  podsOf(job: Job): Pod[] {
    const uid = job.metadata.uid;
    return (this.store.list('pods', job.metadata.namespace) as Pod[])
      .filter((pod) => (pod.metadata.ownerReferences as { uid: string }[] | undefined)?.some((o) => o.uid === uid))
      .sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
  }

  private job(namespace: string, name: string): Job {
    const job = this.store.get('jobs', namespace, name) as Job | undefined;
    if (!job) throw new Error(`kube-api double: no Job ${namespace}/${name}`);
    return job;
  }

  private activePod(namespace: string, jobName: string, phase?: string): Pod {
    const pods = this.podsOf(this.job(namespace, jobName)).filter((pod) => !isTerminal(pod));
    const pod = pods[pods.length - 1];
    if (!pod) throw new Error(`kube-api double: Job ${namespace}/${jobName} has no active pod`);
    if (phase && pod.status.phase !== phase) {
      throw new Error(`kube-api double: pod ${pod.metadata.name} of Job ${jobName} is ${pod.status.phase}, not ${phase}`);
    }
    return pod;
  }

  private createPod(job: Job): void {
    const name = job.metadata.name;
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${name}-${randomBytes(3).toString('hex').slice(0, 5)}`,
        namespace: job.metadata.namespace,
        labels: { ...(job.spec.template.metadata?.labels ?? {}) },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid: job.metadata.uid, controller: true, blockOwnerDeletion: true }]
      },
      spec: JSON.parse(JSON.stringify(job.spec.template.spec)) as Pod['spec'],
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
        containerStatuses: job.spec.template.spec.containers.map((c) => ({
          name: c.name,
          image: String((c as Json).image ?? ''),
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: 'ContainerCreating' } }
        }))
      }
    };
    this.store.create('pods', pod);
    job.status = { ...job.status, active: 1, ready: 0 };
    this.store.update('jobs', job);
  }

  private terminate(pod: Pod, exitCode: number, reason: string): void {
    pod.status = {
      ...pod.status,
      phase: exitCode === 0 ? 'Succeeded' : 'Failed',
      containerStatuses: (pod.status.containerStatuses ?? []).map((c) => ({
        ...c,
        ready: false,
        state: { terminated: { exitCode, reason, startedAt: pod.status.startTime ?? now(), finishedAt: now() } }
      }))
    };
    this.store.update('pods', pod);
    this.logs.end(`${pod.metadata.namespace}/${pod.metadata.name}`);
  }

  private afterPodEnded(job: Job, pod: Pod): void {
    const status = { ...job.status, active: 0, ready: 0 };
    if (pod.status.phase === 'Succeeded') {
      const time = now();
      job.status = {
        ...status,
        succeeded: (status.succeeded ?? 0) + 1,
        completionTime: time,
        conditions: [
          {
            type: 'SuccessCriteriaMet',
            status: 'True',
            reason: 'CompletionsReached',
            message: 'Reached expected number of succeeded pods',
            lastProbeTime: time,
            lastTransitionTime: time
          },
          {
            type: 'Complete',
            status: 'True',
            reason: 'CompletionsReached',
            message: 'Reached expected number of succeeded pods',
            lastProbeTime: time,
            lastTransitionTime: time
          }
        ]
      };
      this.store.update('jobs', job);
      return;
    }
    job.status = status;
    const match = matchingRule(job, pod);
    if (match?.rule.action === 'FailJob') {
      job.status.failed = (job.status.failed ?? 0) + 1;
      this.failJob(job, 'PodFailurePolicy', match.why);
      return;
    }
    if (match?.rule.action !== 'Ignore') {
      job.status.failed = (job.status.failed ?? 0) + 1;
      if (job.status.failed > (job.spec.backoffLimit ?? 6)) {
        this.failJob(job, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
        return;
      }
    }
    this.store.update('jobs', job);
    this.createPod(job);
  }

  private failJob(job: Job, reason: string, message: string): void {
    const time = now();
    job.status = {
      ...job.status,
      active: 0,
      ready: 0,
      conditions: [
        { type: 'FailureTarget', status: 'True', reason, message, lastProbeTime: time, lastTransitionTime: time },
        { type: 'Failed', status: 'True', reason, message, lastProbeTime: time, lastTransitionTime: time }
      ]
    };
    this.store.update('jobs', job);
  }
}

function isTerminal(pod: Pod): boolean {
  return pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
}

/** The first podFailurePolicy rule that matches a failed pod, as the Job controller evaluates them (in order). */
function matchingRule(job: Job, pod: Pod): { rule: PodFailurePolicyRule; why: string } | undefined {
  const rules = job.spec.podFailurePolicy?.rules ?? [];
  for (const [index, rule] of rules.entries()) {
    if (rule.onExitCodes) {
      const { containerName, operator, values } = rule.onExitCodes;
      // Containers that exited 0 never match an exit-code requirement.
      const failed = (pod.status.containerStatuses ?? []).filter(
        (c) =>
          (!containerName || c.name === containerName) &&
          typeof (c.state.terminated as Json | undefined)?.exitCode === 'number' &&
          (c.state.terminated as { exitCode: number }).exitCode !== 0
      );
      for (const container of failed) {
        const exitCode = (container.state.terminated as { exitCode: number }).exitCode;
        if (operator === 'In' ? values.includes(exitCode) : !values.includes(exitCode)) {
          return {
            rule,
            why: `Container ${container.name} for pod ${pod.metadata.namespace}/${pod.metadata.name} failed with exit code ${exitCode} matching ${rule.action} rule at index ${index}`
          };
        }
      }
    }
    for (const condition of rule.onPodConditions ?? []) {
      const present = pod.status.conditions?.find((c) => c.type === condition.type && c.status === (condition.status ?? 'True'));
      if (present)
        return {
          rule,
          why: `Pod ${pod.metadata.namespace}/${pod.metadata.name} has condition ${condition.type} matching ${rule.action} rule at index ${index}`
        };
    }
  }
  return undefined;
}
