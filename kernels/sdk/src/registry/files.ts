/**
 * The Node-only half of the models API: ONNX files streamed from and to disk, and the lineage the
 * SDK detects (notebook, kernel's git commit).
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { MlportalError } from '../errors';
import { requireFile, writeFileWhenComplete } from '../features/files';
import { detectOrigin } from '../tracking/origin';
import { ModelsApi } from './api';
import type { LineageInput, ModelVersion, RegisterRequest, VersionRef } from './types';

/** register() in the Node entry: the ONNX model as bytes, or as a file streamed from disk. */
export type NodeRegisterRequest =
  | RegisterRequest
  | (Omit<RegisterRequest, 'onnx'> & {
      /** Path of an .onnx file (self-contained: external data files are refused). */
      file: string;
      onnx?: undefined;
    });

export interface DownloadedModel {
  path: string;
  bytes: number;
}

/** client.models plus files: what notebooks and jobs get from `@mlportal/sdk`. */
export class NodeModelsApi extends ModelsApi {
  /**
   * Registers an ONNX model (bytes, or `file: 'model.onnx'` streamed) as a new version; see
   * ModelsApi.register. Lineage also records the notebook and the git commit when known.
   */
  override async register(request: NodeRegisterRequest): Promise<ModelVersion> {
    if ('file' in request && typeof request.file === 'string') {
      if (request.onnx !== undefined) throw new MlportalError('register takes { onnx } or { file }, not both');
      await requireFile(request.file);
      const { file, ...rest } = request;
      return this.registerBody(rest, Readable.toWeb(createReadStream(file)));
    }
    return super.register(request as RegisterRequest);
  }

  /** Writes a version's ONNX file (by number, "latest" or alias); the file appears only once complete. */
  async downloadTo(name: string, ref: VersionRef, file: string, options: { timeoutMs?: number } = {}): Promise<DownloadedModel> {
    const download = await this.downloadStream(name, ref, options);
    return { path: file, bytes: await writeFileWhenComplete(download.chunks, file) };
  }

  protected override async detectedLineage(): Promise<LineageInput> {
    const origin = await detectOrigin();
    return {
      ...(origin.notebookPath ? { notebookPath: origin.notebookPath } : {}),
      ...(origin.gitCommit ? { gitCommit: origin.gitCommit } : {}),
      ...(origin.source ? { source: origin.source } : {})
    };
  }
}
