/**
 * What JupyterLab's "Register model" action runs in the kernel: one call with plain arguments,
 * printing one parseable line (see registered-line.ts). Node-only.
 */
import { MlportalError } from '../errors';
import { models } from '../env';
import type { NodeModelsApi, NodeRegisterRequest } from './files';
import { registeredLine } from './registered-line';
import type { LineageInput, ModelVersion, OnnxBytes, RegisterRequest } from './types';

export type NotebookRegistration = Pick<RegisterRequest, 'name' | 'description' | 'metrics' | 'tags' | 'runId'> &
  Pick<LineageInput, 'notebookPath' | 'cellId'> & {
    /** The ONNX model: a variable holding its bytes (Uint8Array, Buffer, ArrayBuffer), or the path of an .onnx file (relative to the kernel's directory). */
    model: OnnxBytes | string;
  };

/**
 * Registers an ONNX model the notebook produced as a new version, with lineage from the notebook,
 * the cell and the active run (and its training set). Prints one line,
 * `mlportal:model-registered {"model":…,"version":…}` (parse it with parseRegisteredLine from
 * `@mlportal/sdk/core`), and answers the version. Assign the result (`const v = await …`), or
 * tslab prints the whole version after that line.
 *
 * @example
 * ```ts
 * import { registerFromNotebook } from '@mlportal/sdk';
 * const registered = await registerFromNotebook({ model: onnxBytes, name: 'flights-delay', description: 'linear baseline',
 *   metrics: { rmse: 31.2 }, tags: { team: 'ops' }, notebookPath: 'examples/model-registry.ipynb', cellId: '5f1c…' });
 * // or from a file the cell wrote: { model: 'model.onnx', name: 'flights-delay' }
 * ```
 */
export async function registerFromNotebook(registration: NotebookRegistration, api: NodeModelsApi = models): Promise<ModelVersion> {
  const { model, notebookPath, cellId, ...rest } = registration;
  const lineage: LineageInput = {
    ...(notebookPath ? { notebookPath } : {}),
    ...(cellId ? { cellId } : {}),
    source: 'notebook'
  };
  const request: NodeRegisterRequest =
    typeof model === 'string' ? { ...rest, file: model, lineage } : { ...rest, onnx: onnxBytes(model), lineage };
  const version = await api.register(request);
  console.log(registeredLine(version));
  return version;
}

function onnxBytes(model: unknown): OnnxBytes {
  if (model instanceof Uint8Array || Object.prototype.toString.call(model) === '[object ArrayBuffer]' || ArrayBuffer.isView(model)) {
    return model as OnnxBytes;
  }
  const what =
    model === undefined
      ? 'nothing'
      : model === null
        ? 'null'
        : typeof model === 'object'
          ? `a ${(model as object).constructor?.name ?? 'object'}`
          : `a ${typeof model}`;
  throw new MlportalError(
    `registerFromNotebook needs the ONNX model as bytes (Uint8Array, Buffer, ArrayBuffer) or the path of an .onnx file; got ${what}. ` +
      'A trained model must be exported first, e.g. onnx.fromLinearRegression(model).'
  );
}
