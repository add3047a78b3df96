/**
 * The one way the server calls a URL a user gave it (alert webhooks today; pipeline and study
 * notifications when they come): http(s) only, no credentials or stray characters in the URL, the
 * host resolved once and refused when any address is internal (unless MLPORTAL_OUTBOUND_ALLOW
 * allows it), the connection made to the address checked, no redirects followed.
 */
import { AllowList } from './allow-list';
import { OutboundUnreachableError } from './errors';
import { resolveTarget, systemLookup, type Lookup } from './resolve';
import { nodeTransport, type OutboundAnswer, type OutboundRequest, type Transport } from './send';
import { checkUrl } from './url';

export interface OutboundOptions {
  /** The admin's exceptions (config.outboundAllow). */
  allow?: readonly string[];
  lookup?: Lookup;
  transport?: Transport;
}

export class OutboundClient {
  private readonly allow: AllowList;
  private readonly lookup: Lookup;
  private readonly transport: Transport;

  constructor(options: OutboundOptions = {}) {
    this.allow = new AllowList(options.allow ?? []);
    this.lookup = options.lookup ?? systemLookup;
    this.transport = options.transport ?? nodeTransport;
  }

  /** The checks that need no DNS, for when a URL is stored; OutboundRefusedError says what is wrong. */
  checkUrl(text: string): URL {
    return checkUrl(text, this.allow);
  }

  /**
   * OutboundRefusedError (nothing sent) or OutboundUnreachableError; an answer of any status
   * otherwise. request.timeoutMs bounds the whole call, the lookup included (a resolver can hang).
   */
  async send(text: string, request: OutboundRequest): Promise<OutboundAnswer> {
    const url = checkUrl(text, this.allow);
    const started = Date.now();
    const target = await withinTime(resolveTarget(url, this.allow, this.lookup), request.timeoutMs);
    return this.transport(url, target, { ...request, timeoutMs: Math.max(1, request.timeoutMs - (Date.now() - started)) });
  }
}

function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new OutboundUnreachableError(`no answer within ${ms / 1000} s`, true)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
