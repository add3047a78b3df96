/**
 * The defaults a deployment's monitoring starts from, read off its champion version's ONNX
 * signature: a "probabilities" output (or integer / boolean labels as the first output) makes it a
 * classifier scored by that output; anything else is a regression on the first output.
 */
import type { MonitoringTask, TensorSpec } from '@mlportal/contract';

const LABEL_TYPES = new Set(['bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64']);

export interface TaskGuess {
  task: MonitoringTask;
  scoreOutput?: string;
}

export function guessTask(outputs: readonly TensorSpec[]): TaskGuess {
  const probabilities = outputs.find((o) => /prob/i.test(o.name));
  if (probabilities) return { task: 'classification', scoreOutput: probabilities.name };
  const first = outputs[0];
  if (first && LABEL_TYPES.has(first.elementType)) return { task: 'classification', scoreOutput: first.name };
  return { task: 'regression' };
}
