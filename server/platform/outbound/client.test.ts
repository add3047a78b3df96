/**
 * The outbound client end to end against a receiver on 127.0.0.1. Every internal target is refused
 * before any connection is attempted (no socket connect at all, so no traffic can leave for a
 * non-loopback address either); an allowed one is reached at the address that was checked, with
 * the URL's name as Host, after a single lookup; redirects are not followed.
 */
import { createServer, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { OutboundClient, OutboundRefusedError, type Lookup, type ResolvedAddress, type Transport } from '.';
import { nodeTransport } from './send';

interface Receiver {
  server: Server;
  port: number;
  connections: number;
  hosts: Array<string | undefined>;
  answer: { status: number; location?: string };
}

async function startReceiver(): Promise<Receiver> {
  const receiver = { connections: 0, hosts: [], answer: { status: 204 } } as unknown as Receiver;
  receiver.server = createServer((req, res) => {
    receiver.hosts.push(req.headers.host);
    req.resume();
    req.on('end', () => {
      if (receiver.answer.location) res.setHeader('Location', receiver.answer.location);
      res.statusCode = receiver.answer.status;
      res.end();
    });
  });
  receiver.server.on('connection', () => (receiver.connections += 1));
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.port = (receiver.server.address() as AddressInfo).port;
  return receiver;
}

function stopReceiver(receiver: Receiver): Promise<void> {
  return new Promise((resolve) => {
    receiver.server.closeAllConnections();
    receiver.server.close(() => resolve());
  });
}

/** A resolver that answers from a table and counts its lookups. */
function fakeDns(table: Record<string, ResolvedAddress[]>): Lookup & { calls: string[] } {
  const calls: string[] = [];
  const lookup = async (hostname: string) => {
    calls.push(hostname);
    const answer = table[hostname];
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answer;
  };
  return Object.assign(lookup, { calls });
}

/** The real transport, recording every target it is asked to connect to. */
function recordingTransport(): Transport & { targets: ResolvedAddress[] } {
  const targets: ResolvedAddress[] = [];
  const transport: Transport = (url, target, request) => {
    targets.push(target);
    return nodeTransport(url, target, request);
  };
  return Object.assign(transport, { targets });
}

const POST = { method: 'POST' as const, headers: { 'Content-Type': 'application/json' }, body: '{}', timeoutMs: 2_000 };

let receiver: Receiver;
let connects: jest.SpyInstance;

beforeEach(async () => {
  receiver = await startReceiver();
  connects = jest.spyOn(net.Socket.prototype, 'connect');
});

afterEach(async () => {
  connects.mockRestore();
  await stopReceiver(receiver);
});

describe('refused before connecting', () => {
  const v4 = (address: string): ResolvedAddress[] => [{ address, family: 4 }];
  const dns = {
    'hooks.example': v4('127.0.0.1'),
    'metadata.example': v4('169.254.169.254'),
    // One public address is not enough: the connection could land on the private one.
    'mixed.example': [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.1', family: 4 }
    ],
    'mapped.example': [{ address: '::ffff:127.0.0.1', family: 6 }]
  } satisfies Record<string, ResolvedAddress[]>;

  it.each([
    ['localhost', (port: number) => `http://localhost:${port}/hook`, /localhost is an internal address \(loopback\)/],
    ['localhost. (trailing dot)', (port: number) => `http://LOCALHOST.:${port}/hook`, /localhost is an internal address \(loopback\)/],
    ['0.0.0.0', (port: number) => `http://0.0.0.0:${port}/hook`, /0\.0\.0\.0 is an internal address \(unspecified/],
    ['::1', (port: number) => `http://[::1]:${port}/hook`, /::1 is an internal address \(loopback\)/],
    ['::', (port: number) => `http://[::]:${port}/hook`, /:: is an internal address \(unspecified\)/],
    ['2130706433', (port: number) => `http://2130706433:${port}/hook`, /127\.0\.0\.1 is an internal address \(loopback\)/],
    ['0x7f.1', (port: number) => `http://0x7f.1:${port}/hook`, /127\.0\.0\.1 is an internal address \(loopback\)/],
    ['017700000001', (port: number) => `http://017700000001:${port}/hook`, /127\.0\.0\.1 is an internal address \(loopback\)/],
    [
      '::ffff:127.0.0.1',
      (port: number) => `http://[::ffff:127.0.0.1]:${port}/hook`,
      /::ffff:7f00:1 is an internal address \(loopback \(as IPv6\)\)/
    ],
    ['169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is an internal address \(link-local\)/],
    ['10.0.0.1', () => 'http://10.0.0.1/hook', /10\.0\.0\.1 is an internal address \(private\)/],
    ['172.16.5.4', () => 'https://172.16.5.4/hook', /private/],
    ['192.168.1.1', () => 'http://192.168.1.1/hook', /private/],
    ['100.64.0.1', () => 'http://100.64.0.1/hook', /carrier-grade NAT/],
    ['fd00::1', () => 'http://[fd00::1]/hook', /unique local/],
    ['fe80::1', () => 'http://[fe80::1]/hook', /link-local/],
    ['224.0.0.1', () => 'http://224.0.0.1/hook', /multicast/],
    ['255.255.255.255', () => 'http://255.255.255.255/hook', /broadcast/],
    [
      'a name resolving to 127.0.0.1',
      (port: number) => `http://hooks.example:${port}/hook`,
      /hooks\.example resolves to 127\.0\.0\.1, an internal address \(loopback\)/
    ],
    [
      'a name resolving to 169.254.169.254',
      () => 'http://metadata.example/latest',
      /resolves to 169\.254\.169\.254, an internal address \(link-local\)/
    ],
    [
      'a name resolving to a public and a private address',
      () => 'http://mixed.example/hook',
      /mixed\.example resolves to 10\.0\.0\.1, an internal address \(private\)/
    ],
    [
      'a name resolving to IPv4-mapped loopback',
      () => 'http://mapped.example/hook',
      /resolves to ::ffff:127\.0\.0\.1, an internal address \(loopback \(as IPv6\)\)/
    ]
  ])('%s', async (_what, url, message) => {
    const transport = recordingTransport();
    const client = new OutboundClient({ lookup: fakeDns(dns), transport });
    const attempt = client.send(url(receiver.port), POST);
    await expect(attempt).rejects.toThrow(OutboundRefusedError);
    await expect(attempt).rejects.toThrow(message);
    expect(transport.targets).toEqual([]);
    expect(connects).not.toHaveBeenCalled();
    expect(receiver.connections).toBe(0);
  });

  it('refuses the internal literals without asking DNS at all, and at save time (checkUrl)', async () => {
    const lookup = fakeDns({});
    const client = new OutboundClient({ lookup });
    expect(() => client.checkUrl('http://2130706433/')).toThrow(/127\.0\.0\.1 is an internal address/);
    expect(() => client.checkUrl('http://localhost/')).toThrow(/localhost is an internal address/);
    await expect(client.send('http://[::1]/', POST)).rejects.toThrow(OutboundRefusedError);
    expect(lookup.calls).toEqual([]);
    // A name is only judged at call time, after DNS: checkUrl lets it through.
    expect(client.checkUrl('https://hooks.example/alerts').hostname).toBe('hooks.example');
  });

  it.each([
    ['credentials', 'http://user:secret@hooks.example/hook', /user name or password/],
    ['CR/LF', 'http://hooks.example/hook\r\nX-Injected: 1', /line breaks/],
    ['another scheme', 'gopher://hooks.example/', /http:\/\/ or https:\/\//]
  ])('refuses a URL with %s', async (_what, url, message) => {
    const lookup = fakeDns({ 'hooks.example': [{ address: '93.184.216.34', family: 4 }] });
    const transport = recordingTransport();
    await expect(new OutboundClient({ lookup, transport }).send(url, POST)).rejects.toThrow(message);
    expect(lookup.calls).toEqual([]);
    expect(transport.targets).toEqual([]);
    expect(connects).not.toHaveBeenCalled();
  });

  it('an allow-list entry for one range does not open another', async () => {
    const client = new OutboundClient({ allow: ['10.0.0.0/8'], transport: recordingTransport() });
    await expect(client.send(`http://127.0.0.1:${receiver.port}/hook`, POST)).rejects.toThrow(OutboundRefusedError);
    expect(receiver.connections).toBe(0);
  });
});

describe('allowed by the admin', () => {
  it('reaches 127.0.0.1 when MLPORTAL_OUTBOUND_ALLOW lists it', async () => {
    const answer = await new OutboundClient({ allow: ['127.0.0.1'] }).send(`http://127.0.0.1:${receiver.port}/hook`, POST);
    expect(answer).toEqual({ status: 204 });
    expect(receiver.hosts).toEqual([`127.0.0.1:${receiver.port}`]);
  });

  it('connects to the address it checked, after one lookup, keeping the name as Host', async () => {
    // A rebinding resolver: the first answer is the allowed address, any later one would be elsewhere.
    let answers = 0;
    const calls: string[] = [];
    const lookup: Lookup = async (hostname) => {
      calls.push(hostname);
      answers += 1;
      return answers === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.9.9.9', family: 4 }];
    };
    const transport = recordingTransport();
    const answer = await new OutboundClient({ allow: ['127.0.0.0/8'], lookup, transport }).send(
      `http://hooks.test:${receiver.port}/hook`,
      POST
    );
    expect(answer).toEqual({ status: 204 });
    expect(calls).toEqual(['hooks.test']);
    expect(transport.targets).toEqual([{ address: '127.0.0.1', family: 4 }]);
    expect(receiver.hosts).toEqual([`hooks.test:${receiver.port}`]);
    expect(connects).toHaveBeenCalledTimes(1);
  });

  it('trusts a host name entry whatever it resolves to', async () => {
    const lookup = fakeDns({ 'hooks.internal': [{ address: '127.0.0.1', family: 4 }] });
    const answer = await new OutboundClient({ allow: ['hooks.internal'], lookup }).send(
      `http://hooks.internal:${receiver.port}/hook`,
      POST
    );
    expect(answer).toEqual({ status: 204 });
  });

  it('does not follow a redirect: a 3xx is the answer', async () => {
    const other = await startReceiver();
    try {
      receiver.answer = { status: 302, location: `http://127.0.0.1:${other.port}/elsewhere` };
      const answer = await new OutboundClient({ allow: ['127.0.0.1'] }).send(`http://127.0.0.1:${receiver.port}/hook`, POST);
      expect(answer).toEqual({ status: 302 });
      expect(other.connections).toBe(0);
    } finally {
      await stopReceiver(other);
    }
  });

  it('reports a name that does not resolve as unreachable, not refused', async () => {
    const client = new OutboundClient({ lookup: fakeDns({}) });
    await expect(client.send('http://nowhere.example/hook', POST)).rejects.toThrow(
      'the name nowhere.example could not be resolved (ENOTFOUND)'
    );
    expect(connects).not.toHaveBeenCalled();
  });
});

describe('time limit', () => {
  it('covers a resolver that never answers', async () => {
    const hanging: Lookup = () => new Promise(() => undefined);
    const transport = recordingTransport();
    const attempt = new OutboundClient({ lookup: hanging, transport }).send('http://slow-dns.example/hook', { ...POST, timeoutMs: 100 });
    await expect(attempt).rejects.toMatchObject({ name: 'OutboundUnreachableError', timedOut: true });
    expect(transport.targets).toEqual([]);
  });
});
