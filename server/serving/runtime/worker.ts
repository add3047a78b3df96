/**
 * The body of one inference worker thread: it holds one onnxruntime session per loaded model
 * version, created once and reused for every run (the Node binding leaks on create/release), and
 * runs one job at a time so a worker never uses more cores than its intra-op thread count.
 */
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { parentPort, workerData } from 'node:worker_threads';
import { decodeModel } from '../../platform/onnx/proto';
import { buildSignature } from '../../platform/onnx/signature';
import type { FromWorker, Outputs, ToWorker, WireFeeds, WorkerStartData } from './types';

const port = parentPort;
if (!port) throw new Error('server/serving/runtime/worker runs only as a worker thread');
const { threads } = workerData as WorkerStartData;
const sessions = new Map<string, InferenceSession>();
// logSeverityLevel 4 (fatal only): a run that fails is answered to its caller; onnxruntime's own
// stderr line per failed request would flood the server log under load.

async function handle(message: ToWorker): Promise<FromWorker> {
  switch (message.type) {
    case 'load': {
      const model = decodeModel(message.model);
      const existing = sessions.get(message.versionKey);
      const session =
        existing ?? (await InferenceSession.create(message.model, { ...threads, executionMode: 'sequential', logSeverityLevel: 4 }));
      sessions.set(message.versionKey, session);
      return { type: 'loaded', id: message.id, signature: buildSignature(model, session) };
    }
    case 'unload': {
      const session = sessions.get(message.versionKey);
      sessions.delete(message.versionKey);
      await session?.release();
      return { type: 'unloaded', id: message.id };
    }
    case 'run': {
      const session = sessions.get(message.versionKey);
      if (!session)
        throw Object.assign(new Error(`model version ${message.versionKey} is not loaded in this worker`), { code: 'version_not_loaded' });
      return { type: 'ran', id: message.id, outputs: await run(session, message.feeds) };
    }
  }
}

async function run(session: InferenceSession, feeds: WireFeeds): Promise<Outputs> {
  const tensors: Record<string, Tensor> = {};
  for (const [name, feed] of Object.entries(feeds)) {
    tensors[name] = new Tensor(feed.type as Tensor.Type, feed.data as Tensor.DataType, feed.dims);
  }
  const results = await session.run(tensors);
  const outputs: Outputs = {};
  for (const [name, value] of Object.entries(results)) {
    const tensor = value as Tensor;
    outputs[name] = { type: tensor.type, dims: [...tensor.dims], data: tensor.data as Outputs[string]['data'] };
  }
  return outputs;
}

// One job at a time, in arrival order: the pool counts on a worker being busy with one run.
let chain: Promise<void> = Promise.resolve();
port.on('message', (message: ToWorker) => {
  chain = chain.then(async () => {
    let reply: FromWorker;
    try {
      reply = await handle(message);
    } catch (err) {
      const error = err as Error & { code?: unknown };
      reply = {
        type: 'failed',
        id: message.id,
        message: error.message,
        code: typeof error.code === 'string' ? error.code : 'inference_failed'
      };
    }
    port.postMessage(reply);
  });
});
