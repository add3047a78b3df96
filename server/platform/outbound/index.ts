/** Outbound calls to user-given URLs: see client.ts. */
export { OutboundClient, type OutboundOptions } from './client';
export { OutboundRefusedError, OutboundUnreachableError } from './errors';
export { allowEntryProblem } from './allow-list';
export type { Lookup, ResolvedAddress } from './resolve';
export type { OutboundAnswer, OutboundRequest, Transport } from './send';
