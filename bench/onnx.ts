/**
 * npm run bench -- onnx [--rounds N] [--runs N]
 *
 * The SDK's float32 export (the default) against its float64 export (`precision: 'float64'`) of
 * the same models, in raw onnxruntime-node `session.run` on this thread (1 intra-op thread,
 * sequential, as the serving suite runs its sessions): the flights delay model (linear regression,
 * 5 features) and the MLP 64 → 1024 → 896 → 1, at batch 1 and batch 64. Each round times --runs
 * calls per model, batch and precision (a fifth of them at batch 64), after 50 untimed calls, with
 * the two precisions back to back and their order swapped every round, so a burst of load from
 * elsewhere hits both. Reported: the median over --rounds rounds of each side's p50 and p99, and the
 * median of the per-round p50 ratios. Also the worst relative difference between the two exports'
 * answers on the timed inputs (the float32 graph's rounding, which EXPORT_TOLERANCE bounds for
 * scaled inputs). Figures, not assertions.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import type { Precision } from '../kernels/sdk/src/onnx';
import { seededRandom } from '../kernels/sdk/src/train/random';
import { median, percentile, report, round } from './lib/measure';
import { flightsModel, mlpModel, type BenchModel } from './lib/models';

const PRECISIONS: readonly Precision[] = ['float64', 'float32'];
const BATCHES = [1, 64] as const;
const INPUTS_PER_BATCH = 16;

function options() {
  const { values } = parseArgs({ options: { rounds: { type: 'string' }, runs: { type: 'string' } } });
  const whole = (name: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < 5) throw new Error(`--${name} must be a whole number ≥ 5; got ${text}`);
    return Number(text);
  };
  return { rounds: whole('rounds', values.rounds, 7), runs: whole('runs', values.runs, 2000) };
}

/** Input batches like the serving suite's rows (uniform in −5…35, two decimals), as float32 tensors. */
function inputs(model: BenchModel, batch: number): ort.Tensor[] {
  const random = seededRandom(11);
  return Array.from(
    { length: INPUTS_PER_BATCH },
    () =>
      new ort.Tensor(
        'float32',
        Float32Array.from({ length: batch * model.features }, () => round(random() * 40 - 5, 2)),
        [batch, model.features]
      )
  );
}

async function session(model: BenchModel): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(model.bytes, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    logSeverityLevel: 4
  });
}

/** p50 and p99 of `runs` calls, after 50 untimed ones. */
async function time(run: ort.InferenceSession, feeds: ort.Tensor[], runs: number): Promise<{ p50Ms: number; p99Ms: number }> {
  const input = run.inputNames[0];
  for (let i = 0; i < 50; i++) await run.run({ [input]: feeds[i % feeds.length] });
  const latencies: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await run.run({ [input]: feeds[i % feeds.length] });
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** The largest |float32 − float64| / max(1, |float64|) over the first output, on every input batch. */
async function worstDifference(sessions: Record<Precision, ort.InferenceSession>, feeds: ort.Tensor[]): Promise<number> {
  let worst = 0;
  for (const feed of feeds) {
    const answers = await Promise.all(
      PRECISIONS.map(async (p) => {
        const run = sessions[p];
        const results = await run.run({ [run.inputNames[0]]: feed });
        return results[run.outputNames[0]].data as Float32Array;
      })
    );
    const [wide, narrow] = answers;
    wide.forEach((value, i) => (worst = Math.max(worst, Math.abs(narrow[i] - value) / Math.max(1, Math.abs(value)))));
  }
  return worst;
}

async function benchModel(build: (precision: Precision) => BenchModel, rounds: number, runs: number) {
  const models = { float64: build('float64'), float32: build('float32') };
  const sessions = { float64: await session(models.float64), float32: await session(models.float32) };
  const name = models.float32.name;
  const figures: Record<string, unknown> = {
    parameters: models.float32.parameters,
    bytes: { float64: models.float64.bytes.length, float32: models.float32.bytes.length }
  };
  const lines: string[] = [];
  try {
    for (const batch of BATCHES) {
      const feeds = inputs(models.float32, batch);
      const calls = batch === 1 ? runs : Math.max(5, Math.round(runs / 5));
      const perRound: Record<Precision, Array<{ p50Ms: number; p99Ms: number }>> = { float64: [], float32: [] };
      for (let pass = 0; pass < rounds; pass++) {
        const order = pass % 2 ? [...PRECISIONS].reverse() : PRECISIONS;
        for (const precision of order) perRound[precision].push(await time(sessions[precision], feeds, calls));
      }
      const side = (p: Precision) => ({
        p50Ms: round(median(perRound[p].map((r) => r.p50Ms))),
        p99Ms: round(median(perRound[p].map((r) => r.p99Ms))),
        p50MsRounds: perRound[p].map((r) => round(r.p50Ms))
      });
      const ratios = perRound.float64.map((r, i) => r.p50Ms / perRound.float32[i].p50Ms);
      const result = {
        calls,
        float64: side('float64'),
        float32: side('float32'),
        speedupP50: round(median(ratios), 2),
        speedupRounds: ratios.map((r) => round(r, 2)),
        worstRelativeDifference: Number((await worstDifference(sessions, feeds)).toPrecision(3))
      };
      figures[`batch${batch}`] = result;
      lines.push(
        `${name} batch ${batch}: float64 p50 ${result.float64.p50Ms} ms p99 ${result.float64.p99Ms} ms | ` +
          `float32 p50 ${result.float32.p50Ms} ms p99 ${result.float32.p99Ms} ms | float32 ${result.speedupP50}× faster at p50 ` +
          `(rounds ${result.speedupRounds.join(', ')}); answers differ by ≤ ${result.worstRelativeDifference.toExponential(2)} relative`
      );
    }
  } finally {
    await Promise.all(Object.values(sessions).map((s) => s.release()));
  }
  return { name, figures, lines };
}

async function main(): Promise<void> {
  const { rounds, runs } = options();
  const lines = [
    `raw onnxruntime-node ${ort.env.versions.common}, 1 intra-op thread; ${runs} calls at batch 1 and ${Math.round(runs / 5)} at batch 64 per side and round; medians of ${rounds} rounds`
  ];
  const figures: Record<string, unknown> = { rounds, runs, loadAvgBefore: loadavg().map((v) => round(v, 2)) };
  for (const build of [flightsModel, mlpModel]) {
    const result = await benchModel(build, rounds, runs);
    lines.push(...result.lines);
    figures[result.name] = result.figures;
  }
  figures.loadAvgAfter = loadavg().map((v) => round(v, 2));
  lines.push(`load average ${(figures.loadAvgBefore as number[]).join('/')} → ${(figures.loadAvgAfter as number[]).join('/')}`);
  report('onnx', lines, figures);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
