/**
 * Which IP addresses are internal: the ranges a server-side call to a user-given URL must not reach
 * unless an admin allows them (cloud metadata at 169.254.169.254, the backend's own API on loopback,
 * the private network around it). IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d,
 * the deprecated compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by that
 * IPv4 address, so no spelling of 127.0.0.1 slips through.
 */
import { BlockList, isIP, isIPv4 } from 'node:net';

const IPV4_RANGES: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified ("this network")'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignment'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  // Reserved, 255.255.255.255 (broadcast) included.
  ['240.0.0.0', 4, 'reserved or broadcast']
];

const IPV6_RANGES: Array<[string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fc00::', 7, 'unique local (private)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
  ['100::', 64, 'discard-only']
];

const lists = {
  ipv4: IPV4_RANGES.map(([network, prefix, kind]) => ({ kind, list: subnet(network, prefix, 'ipv4') })),
  ipv6: IPV6_RANGES.map(([network, prefix, kind]) => ({ kind, list: subnet(network, prefix, 'ipv6') }))
};

function subnet(network: string, prefix: number, type: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  list.addSubnet(network, prefix, type);
  return list;
}

/** What kind of internal address `ip` is ("loopback", "private", …), or null for a public one. Throws on a non-IP. */
export function internalKind(ip: string): string | null {
  const bare = unbracket(ip);
  const family = isIP(bare);
  if (family === 0) throw new Error(`${JSON.stringify(ip)} is not an IP address`);
  if (family === 4) return lists.ipv4.find(({ list }) => list.check(bare, 'ipv4'))?.kind ?? null;
  const embedded = embeddedIPv4(bare);
  if (embedded !== null) {
    const kind = internalKind(embedded);
    return kind === null ? null : `${kind} (as IPv6)`;
  }
  return lists.ipv6.find(({ list }) => list.check(bare, 'ipv6'))?.kind ?? null;
}

export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** The IPv4 address an IPv6 address stands for (mapped, compatible, NAT64, 6to4), or null. */
export function embeddedIPv4(ipv6: string): string | null {
  const words = expandIPv6(ipv6);
  const zero = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  const v4 = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  // ::ffff:a.b.c.d (mapped)
  if (zero(0, 5) && words[5] === 0xffff) return v4(words[6], words[7]);
  // ::a.b.c.d (compatible, deprecated) — but not :: and ::1 themselves, judged as IPv6.
  if (zero(0, 6) && !(words[6] === 0 && words[7] <= 1)) return v4(words[6], words[7]);
  // 64:ff9b::a.b.c.d (NAT64 well-known prefix)
  if (words[0] === 0x64 && words[1] === 0xff9b && zero(2, 6)) return v4(words[6], words[7]);
  // 2002:aabb:ccdd::/48 (6to4)
  if (words[0] === 0x2002) return v4(words[1], words[2]);
  return null;
}

/** Eight 16-bit words of an IPv6 address (with "::" and a trailing dotted IPv4 part expanded). */
function expandIPv6(address: string): number[] {
  let text = address.split('%')[0].toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted && isIPv4(dotted[1])) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = text.slice(0, dotted.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((word) => parseInt(word, 16));
}
