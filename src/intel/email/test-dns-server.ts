/**
 * Test helper: a tiny authoritative-style DNS server on 127.0.0.1 so MX checks run without
 * the network. Answers from a fixed zone; unknown names get NXDOMAIN, `servfail` names
 * SERVFAIL, and `silent` names no reply at all, which is how timeouts are proven.
 */
import { createSocket, type RemoteInfo } from 'node:dgram';
import dnsPacket, { type Answer, type DecodedPacket } from 'dns-packet';

export interface TestZoneRecords {
  MX?: { preference: number; exchange: string }[];
  A?: string[];
  AAAA?: string[];
}

export interface TestDnsOptions {
  zone: Record<string, TestZoneRecords>;
  silent?: string[];
  servfail?: string[];
}

export interface TestDnsServer {
  /** `127.0.0.1:PORT`, ready for `Resolver.setServers`. */
  address: string;
  /** Questions received, in order, as `TYPE name`. */
  queries: string[];
  close(): Promise<void>;
}

const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3 } as const;

export async function startTestDnsServer(options: TestDnsOptions): Promise<TestDnsServer> {
  const socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (msg: Buffer, peer: RemoteInfo) => {
    const reply = answer(options, dnsPacket.decode(msg), queries);
    if (reply) socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function answer(options: TestDnsOptions, query: DecodedPacket, log: string[]): Buffer | null {
  const question = query.questions?.[0];
  if (!question) return null;
  const name = question.name.toLowerCase();
  log.push(`${question.type} ${name}`);
  if (options.silent?.includes(name)) return null;
  const records = options.zone[name];
  const rcode = options.servfail?.includes(name) ? RCODE.SERVFAIL : records ? RCODE.NOERROR : RCODE.NXDOMAIN;
  return dnsPacket.encode({
    type: 'response',
    id: query.id,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcode,
    questions: [question],
    answers: rcode === RCODE.NOERROR && records ? answersFor(question.name, question.type, records) : [],
  });
}

function answersFor(name: string, type: string, records: TestZoneRecords): Answer[] {
  const ttl = 60;
  if (type === 'MX') return (records.MX ?? []).map((data) => ({ type: 'MX', name, ttl, data }));
  if (type === 'A') return (records.A ?? []).map((data) => ({ type: 'A', name, ttl, data }));
  if (type === 'AAAA') return (records.AAAA ?? []).map((data) => ({ type: 'AAAA', name, ttl, data }));
  return [];
}
