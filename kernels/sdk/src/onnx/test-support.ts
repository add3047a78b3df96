/**
 * Test support only (not exported from the SDK): a deterministic slice of the real flights data,
 * float32 comparisons, and running exported models in a separate Node process.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../train/random';
import { EXPORT_TOLERANCE } from './precision';
import type { PredictionOutput } from './predict';

interface FlightRecord {
  date: string;
  delay: number;
  distance: number;
  origin: string;
  destination: string;
}

/**
 * The exporters' `predict`, run in a child Node process. Inside jest, onnxruntime-node cannot hand
 * back its results: its native outputs are typed arrays of Node's own realm, which fail
 * onnxruntime-common's `instanceof` checks against the test sandbox's Float32Array. A notebook
 * runs in a plain Node realm, as this child does.
 */
export function predictInNode(model: Uint8Array, rows: number[][], inputName?: string): Promise<Record<string, PredictionOutput>> {
  const registerTs = path.resolve(__dirname, '../../../../server/testing/register-ts.cjs');
  const predictModule = path.resolve(__dirname, 'predict.ts');
  const script = `
    let input = '';
    process.stdin.on('data', chunk => (input += chunk));
    process.stdin.on('end', async () => {
      const { model, rows, inputName } = JSON.parse(input);
      const { predict } = require(${JSON.stringify(predictModule)});
      const outputs = await predict(Buffer.from(model, 'base64'), rows, { inputName });
      process.stdout.write(JSON.stringify(outputs));
    });`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-r', registerTs, '-e', script], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`predict failed: ${stderr || error.message}`));
      resolve(JSON.parse(stdout) as Record<string, PredictionOutput>);
    });
    child.stdin?.end(JSON.stringify({ model: Buffer.from(model).toString('base64'), rows, inputName }));
  });
}

export interface FlightsSlice {
  featureNames: string[];
  /** float64 features, one row per flight. */
  x: number[][];
  /** Delay in hours (a regression target of order 1). */
  delayHours: number[];
  /** 1 when the flight was more than 15 minutes late. */
  late: number[];
  /** 0 early, 1 on time (0–15 minutes late), 2 late. */
  punctuality: number[];
}

const FLIGHTS_FILE = path.resolve(__dirname, '../../../../node_modules/vega-datasets/data/flights-5k.json');
const HUBS = new Set(['ATL', 'ORD', 'DFW', 'LAX', 'DEN', 'PHX', 'IAH', 'LAS', 'DTW', 'MSP']);

let records: FlightRecord[] | null = null;

/** Rows [start, start + count) of flights-5k.json as features and targets. */
export function flights(start: number, count: number): FlightsSlice {
  records ??= JSON.parse(readFileSync(FLIGHTS_FILE, 'utf8')) as FlightRecord[];
  const slice = records.slice(start, start + count);
  if (slice.length !== count) throw new Error(`flights-5k.json has no rows ${start}..${start + count - 1}`);
  return {
    featureNames: ['hour', 'distance_kmi', 'weekday', 'day_of_year', 'from_hub'],
    x: slice.map(features),
    delayHours: slice.map((r) => r.delay / 60),
    late: slice.map((r) => (r.delay > 15 ? 1 : 0)),
    punctuality: slice.map((r) => (r.delay < 0 ? 0 : r.delay <= 15 ? 1 : 2))
  };
}

function features(record: FlightRecord): number[] {
  const [day, time] = record.date.split(' ');
  const [year, month, date] = day.split('/').map(Number);
  const [hours, minutes] = time.split(':').map(Number);
  const when = Date.UTC(year, month - 1, date);
  const dayOfYear = (when - Date.UTC(year, 0, 1)) / 86_400_000;
  return [hours + minutes / 60, record.distance / 1000, new Date(when).getUTCDay(), dayOfYear / 7, HUBS.has(record.origin) ? 1 : 0];
}

/**
 * A deterministic synthetic classification set: `classes` overlapping Gaussian clusters in
 * `features` dimensions (for models that the weakly predictive flights features leave at the
 * majority class).
 */
export function clusters(count: number, classes: number, features: number, seed: number): { x: number[][]; label: number[] } {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: classes }, () => Array.from({ length: features }, () => gaussian() * 1.5));
  const label = Array.from({ length: count }, () => Math.floor(random() * classes));
  return { x: label.map((k) => centres[k].map((c) => c + gaussian())), label };
}

/** The rows as float32 values: exactly what an ONNX model with a float32 input receives. */
export function asFloat32(rows: number[][]): number[][] {
  return rows.map((r) => r.map(Math.fround));
}

/** |actual - expected| ≤ tolerance × max(1, |expected|), element-wise (EXPORT_TOLERANCE, float32 by default). */
export function expectClose(actual: number[] | number[][], expected: number[] | number[][], tolerance = EXPORT_TOLERANCE.float32): void {
  const a = (actual as unknown[]).flat() as number[];
  const e = (expected as unknown[]).flat() as number[];
  if (a.length !== e.length) throw new Error(`expected ${e.length} values, got ${a.length}`);
  const worst = a.reduce(
    (w, v, i) => {
      const excess = Math.abs(v - e[i]) / Math.max(1, Math.abs(e[i]));
      return excess > w.excess ? { excess, i } : w;
    },
    { excess: 0, i: -1 }
  );
  if (worst.excess > tolerance) {
    throw new Error(
      `value ${worst.i} differs: got ${a[worst.i]}, expected ${e[worst.i]} (relative difference ${worst.excess} > ${tolerance})`
    );
  }
}

/**
 * The labels equal, except on rows whose deciding margin (see EXPORT_TOLERANCE) is within
 * `tolerance`, where a float32 graph may break a near-tie the other way. Tolerance 0: all equal.
 */
export function expectLabels(actual: number[] | number[][], expected: number[], margins: number[], tolerance: number): void {
  const labels = actual as number[];
  if (labels.length !== expected.length) throw new Error(`expected ${expected.length} labels, got ${labels.length}`);
  const wrong = labels.findIndex((label, i) => label !== expected[i] && margins[i] > tolerance);
  if (wrong >= 0) {
    throw new Error(`label ${wrong} is ${labels[wrong]}, expected ${expected[wrong]} (margin ${margins[wrong]} > tolerance ${tolerance})`);
  }
}

/**
 * A binary classifier's outputs (label, probabilities) against the model's P(class 1) per row `p` and its labels: the labels
 * (up to near-ties at 0.5) and the probabilities [1 − p, p] within `tolerance`.
 */
export function expectBinaryOutputs(
  outputs: Record<string, PredictionOutput>,
  expectedLabels: number[],
  p: number[],
  tolerance: number
): void {
  expectLabels(
    outputs.label,
    expectedLabels,
    p.map((v) => Math.abs(v - 0.5)),
    tolerance
  );
  expectClose(
    outputs.probabilities,
    p.map((v) => [1 - v, v]),
    tolerance
  );
}

/** How far the most probable value of each row is ahead of the runner-up (for first-max labels). */
export function topMargins(rows: number[][]): number[] {
  return rows.map((row) => {
    const [first, second] = [...row].sort((a, b) => b - a);
    return first - (second ?? -Infinity);
  });
}
