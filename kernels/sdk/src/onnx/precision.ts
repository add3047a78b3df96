import { OnnxExportError } from './errors';
import { describe } from './checks';

/**
 * The arithmetic an exported graph does. Either way the graph's interface is the same: a float32
 * [batch, features] input, float32 scores and probabilities, int64 labels (what serving stacks and
 * v2 FP32 requests feed and read).
 *
 * - 'float32' (the default): weights, constants and every op in float32. Fastest in onnxruntime:
 *   the float64 export of bench/onnx.ts's MLP runs 4.2× slower at batch 1 and 2.5× at batch 64.
 * - 'float64': the input is cast to float64 once, weights and arithmetic are float64 like the
 *   TypeScript models, and outputs are rounded to float32 at the end. Tree ensembles compare and sum
 *   in float64 (their operator always answers float32).
 */
export type Precision = 'float32' | 'float64';

export const PRECISIONS: readonly Precision[] = ['float32', 'float64'];

export const DEFAULT_PRECISION: Precision = 'float32';

/**
 * How close an export's float outputs are to the TypeScript model's own predictions on the same
 * float32 rows, element-wise: |onnx − model| ≤ tolerance × max(1, |model|). Proved by the exporter
 * tests on held-out data.
 *
 * - float32: 1e-5. Each float32 dot product is off by at most about n·2⁻²⁴·Σ|wᵢxᵢ|, so the bound
 *   holds when the terms do not cancel by orders of magnitude, i.e. for standardised or similarly
 *   scaled inputs (train.mlp standardises and folds the scaling into the first layer). Export with
 *   precision 'float64' when large terms cancel.
 * - float64: 1e-7, the final rounding to float32 (2⁻²⁴ ≈ 6e-8 relative).
 *
 * Labels are decided on these values: they equal the model's labels on every row whose deciding
 * margin (the top probability minus the runner-up, or |p − 0.5| for a binary label) exceeds the
 * tolerance; a float32 export may break a closer tie the other way. Tree splits are exact in both
 * precisions (see treeEnsembleAttributes), and a forest's vote labels are exact.
 */
export const EXPORT_TOLERANCE: Readonly<Record<Precision, number>> = { float32: 1e-5, float64: 1e-7 };

export function checkPrecision(value: unknown, kind: string): Precision {
  if (value === undefined) return DEFAULT_PRECISION;
  if (!PRECISIONS.includes(value as Precision)) {
    throw new OnnxExportError(`${kind}: precision must be ${PRECISIONS.map((p) => `'${p}'`).join(' or ')}; got ${describe(value)}`);
  }
  return value as Precision;
}
