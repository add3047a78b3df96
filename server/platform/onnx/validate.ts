/**
 * Whether a file is an ONNX model the registry accepts, and its signature: it must decode as a
 * ModelProto with a graph, keep all its weights inside, and load in onnxruntime-node (the runtime
 * serving will use). The session exists only to be inspected and is released straight away.
 */
import { InferenceSession } from 'onnxruntime-node';
import { InvalidModelError } from '../../registry/errors';
import type { Signature } from '@mlportal/contract';
import { decodeModel, refuseExternalData } from './proto';
import { buildSignature } from './signature';

export async function validateOnnx(bytes: Uint8Array): Promise<Signature> {
  const model = decodeModel(bytes);
  refuseExternalData(model);
  let session: InferenceSession;
  try {
    session = await InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  } catch (err) {
    throw new InvalidModelError(`onnxruntime could not load the model: ${(err as Error).message}`, 'model_does_not_load');
  }
  try {
    return buildSignature(model, session);
  } finally {
    await session.release();
  }
}
