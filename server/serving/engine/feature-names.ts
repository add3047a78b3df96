import { onnx } from 'onnx-proto';

/** The model's `feature_names` metadata (a JSON array of strings, as the SDK's exporters write it); null when absent or malformed. */
export function readFeatureNames(bytes: Uint8Array): string[] | null {
  let props: onnx.IStringStringEntryProto[];
  try {
    props = onnx.ModelProto.decode(bytes).metadataProps ?? [];
  } catch {
    return null;
  }
  const entry = props.find((prop) => prop.key === 'feature_names');
  if (!entry?.value) return null;
  try {
    const names: unknown = JSON.parse(entry.value);
    return Array.isArray(names) && names.every((name) => typeof name === 'string') ? names : null;
  } catch {
    return null;
  }
}
