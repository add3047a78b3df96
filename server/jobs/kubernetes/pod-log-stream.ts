/** Follows one pod's container log and hands the text on in order, until the container ends or the stream is stopped. */
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ClientNode, KubeConfig } from '../../platform/kubernetes/client-node';

export interface PodLogTarget {
  namespace: string;
  pod: string;
  container: string;
}

export class PodLogStream {
  private controller: AbortController | undefined;
  private stopped = false;
  private settle: () => void = () => undefined;
  /** Resolves when the log has ended (the container finished) or the stream was stopped. */
  readonly ended: Promise<void>;

  private constructor() {
    this.ended = new Promise((resolve) => (this.settle = resolve));
  }

  /** Rejects when the API refuses the log (e.g. 400 while the container is still waiting to start). */
  static async open(
    client: ClientNode,
    kubeConfig: KubeConfig,
    target: PodLogTarget,
    onText: (text: string) => void
  ): Promise<PodLogStream> {
    const stream = new PodLogStream();
    const decoder = new StringDecoder('utf8');
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        const text = decoder.write(chunk);
        if (text && !stream.stopped) onText(text);
        callback();
      },
      final(callback) {
        const rest = decoder.end();
        if (rest && !stream.stopped) onText(rest);
        callback();
      }
    });
    sink.on('finish', () => stream.settle());
    sink.on('error', () => stream.settle());
    const log = new client.Log(kubeConfig);
    stream.controller = await log.log(target.namespace, target.pod, target.container, sink, { follow: true });
    return stream;
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
    this.settle();
  }
}
