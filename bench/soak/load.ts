/**
 * Closed-loop peak measurement and open-loop load, with every answer recorded: latencies of the
 * successful ones per kind, and each failure with its times, so that failures can be sorted into
 * "during the restart" and "outside it" once the restart's window is known.
 */
import { performance } from 'node:perf_hooks';
import { percentile, round } from '../lib/measure';
import type { Answer } from './http';
import type { Issued, KindName } from './traffic';

/** An answer that was not a success, with what was asked. */
export interface Failure extends Answer {
  kind: KindName;
  op: string;
}

export class Recorder {
  readonly latencies = new Map<KindName, number[]>();
  /** Successes per kind per minute since `origin`, and their latencies. */
  readonly minutes = new Map<KindName, number[][]>();
  readonly failures: Failure[] = [];
  readonly sent = new Map<KindName, number>();
  readonly shed = new Map<KindName, number>();
  /** When each answer of the backend (any status) came, for finding stalls. */
  private readonly completions: number[] = [];
  private readonly slowest = new Map<KindName, { ms: number; at: number }>();

  constructor(readonly origin = performance.now()) {}

  record(kind: KindName, answer: Issued): void {
    // Only answers the backend gave: client-side timeouts and resets would fill the gaps of a stall.
    if (answer.status > 0) this.completions.push(answer.endedAt);
    if (answer.outcome === 'ok') {
      const ms = answer.endedAt - answer.sentAt;
      if (ms > (this.slowest.get(kind)?.ms ?? -1)) this.slowest.set(kind, { ms, at: answer.sentAt });
      (this.latencies.get(kind) ?? this.latencies.set(kind, []).get(kind)!).push(ms);
      const minute = Math.floor((answer.endedAt - this.origin) / 60_000);
      const perMinute = this.minutes.get(kind) ?? this.minutes.set(kind, []).get(kind)!;
      while (perMinute.length <= minute) perMinute.push([]);
      perMinute[minute].push(ms);
    } else {
      this.failures.push({
        kind,
        op: answer.op,
        outcome: answer.outcome,
        status: answer.status,
        body: answer.body.slice(0, 300),
        sentAt: answer.sentAt,
        endedAt: answer.endedAt,
        reusedSocket: answer.reusedSocket
      });
    }
  }

  count(map: Map<KindName, number>, kind: KindName): void {
    map.set(kind, (map.get(kind) ?? 0) + 1);
  }

  ok(kind: KindName): number {
    return this.latencies.get(kind)?.length ?? 0;
  }

  summary(kind: KindName): { ok: number; p50Ms: number; p99Ms: number; maxMs: number } {
    const sorted = [...(this.latencies.get(kind) ?? [])].sort((a, b) => a - b);
    return {
      ok: sorted.length,
      p50Ms: round(percentile(sorted, 50), 2),
      p99Ms: round(percentile(sorted, 99), 2),
      maxMs: round(sorted.at(-1) ?? Number.NaN, 1)
    };
  }

  /** The slowest success of a kind: when it was sent (seconds since `origin`). */
  slowestAtSecond(kind: KindName): number | null {
    const slowest = this.slowest.get(kind);
    return slowest ? round((slowest.at - this.origin) / 1000, 1) : null;
  }

  /** Gaps of at least `minSeconds` in which the backend answered nothing, outside [from, to); longest first. */
  stalls(minSeconds: number, skip?: { from: number; to: number }): Array<{ atSecond: number; seconds: number }> {
    const times = [...this.completions].sort((a, b) => a - b);
    const gaps: Array<{ atSecond: number; seconds: number }> = [];
    for (let i = 1; i < times.length; i++) {
      const gap = (times[i] - times[i - 1]) / 1000;
      if (gap < minSeconds || (skip && times[i] > skip.from && times[i - 1] < skip.to)) continue;
      gaps.push({ atSecond: round((times[i - 1] - this.origin) / 1000, 1), seconds: round(gap, 2) });
    }
    return gaps.sort((a, b) => b.seconds - a.seconds).slice(0, 10);
  }

  /** Per minute: successes and their p99 (ms). */
  timeline(kind: KindName): Array<{ ok: number; p99Ms: number }> {
    return (this.minutes.get(kind) ?? []).map((ms) => {
      const sorted = [...ms].sort((a, b) => a - b);
      return { ok: sorted.length, p99Ms: round(percentile(sorted, 99), 1) };
    });
  }
}

/** `concurrency` callers back to back for `seconds`: the most this kind sustains (what 80 % is taken of). */
export async function closedLoop(
  kind: KindName,
  task: () => Promise<Issued>,
  seconds: number,
  concurrency: number,
  recorder: Recorder
): Promise<number> {
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  let ok = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        recorder.count(recorder.sent, kind);
        const answer = await task();
        recorder.record(kind, answer);
        if (answer.outcome === 'ok') ok++;
      }
    })
  );
  return ok / ((performance.now() - started) / 1000);
}

/**
 * Open loop: each kind's requests go out on schedule (rate per second, evenly spaced) whether or not
 * earlier ones have answered, so a slow or absent backend does not slow the load down. A kind with
 * `cap` requests already in flight sheds the next one (counted, not sent) rather than piling up
 * without bound. `events` run at their second (the restart) while the load goes on.
 */
export async function openLoop(
  tasks: Array<{ kind: KindName; rate: number; task: () => Promise<Issued> }>,
  seconds: number,
  cap: number,
  recorder: Recorder,
  events: Array<{ atSecond: number; run: () => Promise<void> }> = []
): Promise<{ seconds: number; drainSeconds: number }> {
  const started = performance.now();
  const issued = new Map<KindName, number>();
  const inFlight = new Map<KindName, number>();
  const pending = new Set<Promise<void>>();
  const eventRuns: Array<Promise<void>> = [];
  const waiting = [...events].sort((a, b) => a.atSecond - b.atSecond);
  let eventError: Error | undefined;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = (performance.now() - started) / 1000;
      while (waiting.length > 0 && waiting[0].atSecond <= elapsed) {
        const event = waiting.shift()!;
        eventRuns.push(event.run().catch((err: unknown) => void (eventError ??= err instanceof Error ? err : new Error(String(err)))));
      }
      const horizon = Math.min(elapsed, seconds);
      for (const { kind, rate, task } of tasks) {
        const due = Math.floor(horizon * rate);
        let done = issued.get(kind) ?? 0;
        while (done < due) {
          done++;
          if ((inFlight.get(kind) ?? 0) >= cap) {
            recorder.count(recorder.shed, kind);
            continue;
          }
          recorder.count(recorder.sent, kind);
          inFlight.set(kind, (inFlight.get(kind) ?? 0) + 1);
          const call: Promise<void> = task().then((answer) => {
            recorder.record(kind, answer);
            inFlight.set(kind, inFlight.get(kind)! - 1);
            pending.delete(call);
          });
          pending.add(call);
        }
        issued.set(kind, done);
      }
      if (elapsed >= seconds) resolve();
      else setTimeout(tick, 5);
    };
    tick();
  });
  const loadEnded = performance.now();
  await Promise.all([...pending, ...eventRuns]);
  if (eventError) throw eventError;
  return { seconds: round((loadEnded - started) / 1000, 1), drainSeconds: round((performance.now() - loadEnded) / 1000, 1) };
}
