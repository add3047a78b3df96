/**
 * What an outbound call can end in besides an answer. Messages carry the detail an operator needs
 * (host, address, errno); callers decide who may see it (alerts show it only to rule managers).
 */

/** The URL or the address it leads to is not allowed: nothing was sent, no connection attempted. */
export class OutboundRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefusedError';
  }
}

/** The call was allowed but did not get an answer (name not resolved, connection refused, timed out). */
export class OutboundUnreachableError extends Error {
  constructor(
    message: string,
    readonly timedOut = false
  ) {
    super(message);
    this.name = 'OutboundUnreachableError';
  }
}
