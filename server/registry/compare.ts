/** Versions side by side: metrics and params by key (null where a version lacks one), and whether the signatures differ. */
import { ownEntry } from '../platform/own';
import type { Comparison, ModelVersion, TensorSpec } from '@mlportal/contract';

export function compareVersions(versions: ModelVersion[]): Comparison {
  const keys = (pick: (v: ModelVersion) => Record<string, unknown>) => [...new Set(versions.flatMap((v) => Object.keys(pick(v))))].sort();
  const metrics = keys((v) => v.metrics).map((key) => ({ key, values: versions.map((v) => ownEntry(v.metrics, key) ?? null) }));
  const params = keys((v) => v.params).map((key) => {
    const values = versions.map((v) => ownEntry(v.params, key) ?? null);
    return { key, values, differs: new Set(values).size > 1 };
  });
  const shapes = versions.map((v) => JSON.stringify([v.artifact.signature.inputs.map(specKey), v.artifact.signature.outputs.map(specKey)]));
  return { versions, metrics, params, signatureDiffers: new Set(shapes).size > 1 };
}

function specKey(spec: TensorSpec): [string, string, Array<number | string | null>] {
  return [spec.name, spec.elementType, spec.shape];
}
