/**
 * The one DNS lookup of an outbound call, and the check of every address it answers: a name that
 * resolves to several addresses is refused when any of them is internal, since the connection
 * could land on any. The address checked is the address connected to (send.ts), so a name that
 * answers differently the second time (DNS rebinding) gains nothing.
 */
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { internalKind, unbracket } from './addresses';
import type { AllowList } from './allow-list';
import { OutboundRefusedError, OutboundUnreachableError } from './errors';
import { refusal } from './url';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a name resolves to; tests inject their own to play a hostile resolver. */
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemLookup: Lookup = async (hostname) => {
  const answers = await dns.lookup(hostname, { all: true, verbatim: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/** The address to connect to for a URL that passed checkUrl (literal hosts are judged there). */
export async function resolveTarget(url: URL, allow: AllowList, lookup: Lookup): Promise<ResolvedAddress> {
  const host = unbracket(url.hostname);
  const literal = isIP(host);
  if (literal !== 0) return { address: host, family: literal === 6 ? 6 : 4 };
  let answers: ResolvedAddress[];
  try {
    answers = await lookup(host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new OutboundUnreachableError(`the name ${host} could not be resolved${code ? ` (${code})` : ''}`);
  }
  if (answers.length === 0) throw new OutboundUnreachableError(`the name ${host} resolves to no address`);
  if (!allow.allowsHost(host)) {
    for (const { address } of answers) {
      const kind = internalKind(address);
      if (kind !== null && !allow.allowsAddress(address)) throw new OutboundRefusedError(refusal(`${host} resolves to ${address},`, kind));
    }
  }
  return answers[0];
}
