/** Which addresses count as internal, in every spelling, and what the allow-list accepts. */
import { internalKind } from './addresses';
import { allowEntryProblem, AllowList } from './allow-list';
import { urlSyntaxProblem } from '@mlportal/contract';

describe('internalKind', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['0.0.0.0', 'unspecified ("this network")'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['169.254.169.254', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved or broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd00::1', 'unique local (private)'],
    ['fc00::1', 'unique local (private)'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback (as IPv6)'],
    ['::ffff:7f00:1', 'loopback (as IPv6)'],
    ['::ffff:169.254.169.254', 'link-local (as IPv6)'],
    ['0:0:0:0:0:ffff:a00:1', 'private (as IPv6)'],
    ['::7f00:1', 'loopback (as IPv6)'],
    ['64:ff9b::a9fe:a9fe', 'link-local (as IPv6)'],
    ['2002:7f00:1::', 'loopback (as IPv6)'],
    ['[::1]', 'loopback']
  ])('%s is internal (%s)', (address, kind) => {
    expect(internalKind(address)).toBe(kind);
  });

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(internalKind(address)).toBeNull();
    }
  );

  it('refuses to judge what is not an address', () => {
    expect(() => internalKind('localhost')).toThrow(/not an IP address/);
  });
});

describe('odd IPv4 spellings', () => {
  // The checks judge URL.hostname; these prove the WHATWG parser has already made it dotted.
  it.each(['2130706433', '0x7f.1', '017700000001', '127.1', '0x7f000001', '%31%32%37.0.0.1'])(
    'http://%s/ reaches the checks as 127.0.0.1',
    (host) => {
      expect(new URL(`http://${host}/`).hostname).toBe('127.0.0.1');
    }
  );

  it('normalises IPv4-mapped IPv6 to a form internalKind reads', () => {
    const host = new URL('http://[0:0:0:0:0:ffff:169.254.169.254]/').hostname;
    expect(host).toBe('[::ffff:a9fe:a9fe]');
    expect(internalKind(host)).toBe('link-local (as IPv6)');
  });
});

describe('urlSyntaxProblem', () => {
  it.each([
    ['http://hooks.example/a\r\nX-Injected: 1', /line breaks/],
    ['http://hooks.example/a b', /spaces/],
    ['http://hooks.exa\tmple/', /tabs/],
    [' http://hooks.example/', /spaces/],
    ['http://user:secret@hooks.example/', /user name or password/],
    ['http://user@hooks.example/', /user name or password/],
    ['ftp://hooks.example/', /http:\/\/ or https:\/\//],
    ['file:///etc/passwd', /http:\/\/ or https:\/\//],
    ['hooks.example/alerts', /absolute/]
  ])('refuses %j', (url, message) => {
    expect(urlSyntaxProblem(url)).toMatch(message);
  });

  it('accepts a plain https URL with a port, path and query', () => {
    expect(urlSyntaxProblem('https://hooks.example:8443/alerts?key=abc')).toBeNull();
  });
});

describe('the allow-list', () => {
  it.each(['127.0.0.1', '::1', '[::1]', '10.0.0.0/8', 'fd00::/8', 'hooks.internal', 'Hooks.Internal.'])('accepts %s', (entry) => {
    expect(allowEntryProblem(entry)).toBeNull();
  });

  it.each(['*', '*.corp', 'http://hooks.internal', 'hooks.internal:8080', '10.0.0.0/33', '10.0.0.0/8/1', 'hooks internal'])(
    'refuses %s',
    (entry) => {
      expect(allowEntryProblem(entry)).toMatch(/is not a CIDR range|is neither an IP address/);
    }
  );

  it('allows addresses inside its ranges and names it lists, nothing else', () => {
    const allow = new AllowList(['10.20.0.0/16', '::1', 'hooks.internal']);
    expect(allow.allowsAddress('10.20.3.4')).toBe(true);
    expect(allow.allowsAddress('10.21.0.1')).toBe(false);
    expect(allow.allowsAddress('::1')).toBe(true);
    expect(allow.allowsAddress('127.0.0.1')).toBe(false);
    expect(allow.allowsHost('HOOKS.internal.')).toBe(true);
    expect(allow.allowsHost('evil.hooks.internal')).toBe(false);
  });
});
