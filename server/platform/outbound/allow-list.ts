/**
 * The admin's exceptions to the internal-address rule (MLPORTAL_OUTBOUND_ALLOW): IP addresses,
 * CIDR ranges, or host names. A host name entry trusts that name whatever it resolves to (the
 * admin vouches for its DNS); an address or range entry allows the resolved addresses inside it,
 * whatever name led there.
 */
import { BlockList, isIP } from 'node:net';
import { unbracket } from './addresses';

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

/** Why `entry` is not a valid allow-list entry, or null when it is. */
export function allowEntryProblem(entry: string): string | null {
  const [address, prefix, ...rest] = entry.split('/');
  if (prefix !== undefined && isIP(address) !== 0) {
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    if (rest.length > 0 || !/^\d{1,3}$/.test(prefix) || Number(prefix) > max) {
      return `"${entry}" is not a CIDR range such as 10.0.0.0/8 or fd00::/8`;
    }
    return null;
  }
  if (prefix === undefined && isIP(unbracket(entry)) !== 0) return null;
  if (prefix === undefined && HOST_NAME.test(normalizeHost(entry))) return null;
  return `"${entry}" is neither an IP address, a CIDR range (10.0.0.0/8) nor a host name (hooks.internal); no wildcards, schemes or ports`;
}

/** Lower case, without brackets or a trailing dot: the form URL host names and entries are compared in. */
export function normalizeHost(host: string): string {
  return unbracket(host.toLowerCase()).replace(/\.$/, '');
}

export class AllowList {
  private readonly addresses = new BlockList();
  private readonly hosts = new Set<string>();

  /** `entries` as validated by allowEntryProblem (the config refuses bad ones at start). */
  constructor(readonly entries: readonly string[] = []) {
    for (const entry of entries) {
      const problem = allowEntryProblem(entry);
      if (problem) throw new Error(problem);
      const [address, prefix] = entry.split('/');
      const bare = unbracket(address);
      const family = isIP(bare);
      if (family === 0) this.hosts.add(normalizeHost(entry));
      else if (prefix !== undefined) this.addresses.addSubnet(bare, Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
      else this.addresses.addAddress(bare, family === 4 ? 'ipv4' : 'ipv6');
    }
  }

  allowsHost(host: string): boolean {
    return this.hosts.has(normalizeHost(host));
  }

  allowsAddress(address: string): boolean {
    const bare = unbracket(address);
    return this.addresses.check(bare, isIP(bare) === 4 ? 'ipv4' : 'ipv6');
  }
}
