/**
 * Which input columns feed which model input, decided once from the version's signature and its feature names, and
 * used both when a batch-scoring job is submitted (to refuse a file that cannot be scored) and inside the job.
 * - one 2-D input [batch, n] with `feature_names` metadata (n names): the named columns, in that order, make its rows;
 * - otherwise every input is one value per row ([batch] or [batch, 1]) and is fed from the column of its own name.
 */
import type { Signature } from '@mlportal/contract';

export interface InputPlan {
  input: string;
  elementType: string;
  /** The columns that make each row of this input, in order. */
  columns: string[];
  /** 'matrix': [rows, columns.length]; 'column': [rows, 1]; 'vector': [rows]. */
  layout: 'matrix' | 'column' | 'vector';
}

/** Element types a column of a file can fill. */
export const SCORABLE_TYPES = new Set(['float32', 'float64', 'int32', 'int64', 'bool', 'string']);

export class ScoringPlanError extends Error {}

export function planInputs(signature: Pick<Signature, 'inputs'>, featureNames: string[] | null, describe: string): InputPlan[] {
  for (const input of signature.inputs) {
    if (!SCORABLE_TYPES.has(input.elementType)) {
      throw new ScoringPlanError(
        `${describe} takes ${input.elementType} input ${input.name}, which batch scoring cannot fill from a file's columns`
      );
    }
  }
  const [only] = signature.inputs;
  if (signature.inputs.length === 1 && only.shape.length === 2 && featureNames) {
    const width = only.shape[1];
    if (typeof width === 'number' && width !== featureNames.length) {
      throw new ScoringPlanError(
        `${describe} lists ${featureNames.length} feature names but its input ${only.name} takes ${width} values per row`
      );
    }
    return [{ input: only.name, elementType: only.elementType, columns: featureNames, layout: 'matrix' }];
  }
  const perRow = signature.inputs.every((input) => input.shape.length === 1 || (input.shape.length === 2 && input.shape[1] === 1));
  if (!perRow) {
    throw new ScoringPlanError(
      `${describe} has no feature names (ONNX metadata "feature_names") to match a file's columns to its input ${signature.inputs.map((i) => i.name).join(', ')}; ` +
        'export it with feature names, or with one input per column'
    );
  }
  return signature.inputs.map((input) => ({
    input: input.name,
    elementType: input.elementType,
    columns: [input.name],
    layout: input.shape.length === 1 ? 'vector' : 'column'
  }));
}

/** The columns the plan needs that `available` lacks. */
export function missingColumns(plan: InputPlan[], available: string[]): string[] {
  const have = new Set(available);
  return [...new Set(plan.flatMap((p) => p.columns))].filter((column) => !have.has(column));
}
