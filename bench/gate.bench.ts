/**
 * Speed of the proxy target gate, on one core, in process.
 * Usage: npx tsx bench/gate.bench.ts [--checks 2000000] [--hosts 50000] [--customers 10000] [--lines 500000] [--channels 100]
 *
 * The mix: the bundled category lists and default policy; 10,000 customers with the seed
 * policy's entitlements (55 % verified, 30 % not verified, 8 % pending, 4 % restricted, 3 %
 * suspended), 3 % of them with rules of their own (allow-lists, temporary blocks); 50,000
 * distinct hosts, a fifth of them in categories, the rest ordinary sites, IP literals, private
 * and malformed targets, asked for with Zipf (s = 1) popularity; ports mostly 443 and 80.
 * 1. Cold: every distinct host classified once by a fresh gate (cache misses).
 * 2. Warm: `--checks` checks after 200,000 warm-up ones: checks/s, and p50/p99 per check
 *    measured over batches of 100 (a timer around a single 0.2 µs call measures the timer);
 *    then again with a host cache a fifth the size of the host set, so entries are evicted.
 * 3. Squid helper: `--lines` requests through `runSquidHelper` over PassThrough streams, once
 *    as Squid sends them (`--channels` lookups in flight, a new one per answer) and once
 *    written all at once.
 */
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { loadGateCategories } from '../src/gate/categories.js';
import { Gate, type GateCustomer } from '../src/gate/gate.js';
import { DEFAULT_GATE_POLICY } from '../src/gate/gate-policy.js';
import type { CustomerGateOverrides } from '../src/gate/overrides.js';
import { runSquidHelper } from '../src/gate/squid-helper.js';
import { DEFAULT_POLICY } from '../src/policy/policy.js';
import { printHostSpeed } from './host-speed.js';
import { pick as pickFrom, rng } from './screening-data.js';

const { values } = parseArgs({
  options: {
    checks: { type: 'string', default: '2000000' },
    hosts: { type: 'string', default: '50000' },
    customers: { type: 'string', default: '10000' },
    lines: { type: 'string', default: '500000' },
    channels: { type: 'string', default: '100' },
  },
});
const CHECKS = Number(values.checks);
const HOSTS = Number(values.hosts);
const CUSTOMERS = Number(values.customers);
const LINES = Number(values.lines);
const CHANNELS = Number(values.channels);

const random = rng(42);
const pick = <T>(items: readonly T[]): T => pickFrom(random, items);

const STATUSES: Array<[keyof typeof DEFAULT_POLICY.entitlements, number]> = [['verified', 0.55], ['not_verified', 0.3], ['pending', 0.08], ['restricted', 0.04], ['suspended', 0.03]];

function makeCustomers(): { customers: GateCustomer[]; overrides: Array<CustomerGateOverrides | undefined> } {
  const customers: GateCustomer[] = [];
  const overrides: Array<CustomerGateOverrides | undefined> = [];
  const hour = Date.now() + 3_600_000;
  for (let i = 0; i < CUSTOMERS; i++) {
    let r = random();
    const status = STATUSES.find(([, share]) => (r -= share) < 0)?.[0] ?? 'verified';
    const rule = DEFAULT_POLICY.entitlements[status];
    customers.push({ id: `cus_${i}`, status, service: rule.service, targetClasses: rule.targetClasses });
    const kind = random();
    overrides.push(
      kind < 0.01
        ? [{ pattern: 'partner-portal.com', effect: 'allow', until: null, reason: 'contract', source: 'operator' }, { pattern: '*', effect: 'deny', until: null, reason: 'allow-list only', source: 'operator' }]
        : kind < 0.02
          ? [{ pattern: '*', effect: 'deny', until: hour, reason: 'request flood', source: 'monitoring:proxy_ddos' }]
          : kind < 0.03
            ? [{ pattern: 'example-shop.com', effect: 'deny', until: null, reason: 'complaint', source: 'operator' }]
            : undefined,
    );
  }
  return { customers, overrides };
}

const TLDS = ['com', 'com', 'com', 'net', 'org', 'io', 'co.uk', 'de', 'fr', 'com.au', 'co.jp', 'ru', 'com.br', 'info', 'xyz', 'app', 'dev', 'nl', 'it', 'es'];
const PREFIXES = ['', '', 'www.', 'www.', 'api.', 'm.', 'cdn.', 'static.', 'login.', 'shop.'];
const WORDS = ['alpha', 'news', 'cloud', 'data', 'media', 'shop', 'travel', 'games', 'tech', 'blog', 'maps', 'music', 'photo', 'food', 'sport', 'home'];

function makeHosts(categories: ReadonlyMap<string, readonly string[]>): string[] {
  const listed = [...categories.values()].flat();
  const hosts = new Set<string>();
  while (hosts.size < HOSTS) {
    const r = random();
    if (r < 0.2) hosts.add(`${pick(PREFIXES) || 'www.'}${pick(listed)}`);
    else if (r < 0.9) hosts.add(`${pick(PREFIXES)}${pick(WORDS)}${Math.floor(random() * 1e6)}.${pick(TLDS)}`);
    else if (r < 0.97) hosts.add(`${1 + Math.floor(random() * 222)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`);
    else if (r < 0.99) hosts.add(pick([`10.0.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}`, `192.168.1.${Math.floor(random() * 256)}`, `svc${Math.floor(random() * 1e4)}.internal`, 'localhost']));
    else hosts.add(pick([`bad host ${Math.floor(random() * 1e6)}`, `example${Math.floor(random() * 1e6)}.com:443`]));
  }
  return shuffle([...hosts]);
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Host ranks drawn with Zipf (s = 1) popularity: a few hosts take most of the traffic. */
function zipfSampler(n: number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1);
  return () => {
    const x = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const OTHER_PORTS = [22, 25, 587, 8080, 8443, 3389, 5222];
const pickPort = (): number => {
  const r = random();
  return r < 0.8 ? 443 : r < 0.94 ? 80 : pick(OTHER_PORTS);
};

interface Workload {
  customer: Int32Array;
  host: Int32Array;
  port: Uint16Array;
}

function workload(count: number): Workload {
  const zipf = zipfSampler(HOSTS);
  const w = { customer: new Int32Array(count), host: new Int32Array(count), port: new Uint16Array(count) };
  for (let i = 0; i < count; i++) {
    w.customer[i] = Math.floor(random() * CUSTOMERS);
    w.host[i] = zipf();
    w.port[i] = pickPort();
  }
  return w;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function warm(gate: Gate, w: Workload, hosts: string[], customers: GateCustomer[], overrides: Array<CustomerGateOverrides | undefined>) {
  const batch = 100;
  const batches = new Float64Array(Math.floor(w.host.length / batch));
  const codes = new Map<string, number>();
  const started = performance.now();
  for (let b = 0; b < batches.length; b++) {
    const t0 = performance.now();
    for (let i = b * batch, end = i + batch; i < end; i++) {
      const c = w.customer[i]!;
      const decision = gate.check({ customer: customers[c], host: hosts[w.host[i]!]!, port: w.port[i]!, overrides: overrides[c] });
      if ((i & 1023) === 0) codes.set(decision.code, (codes.get(decision.code) ?? 0) + 1);
    }
    batches[b] = (performance.now() - t0) / batch;
  }
  const seconds = (performance.now() - started) / 1000;
  batches.sort();
  return { rate: (batches.length * batch) / seconds, p50: percentile(batches, 50), p99: percentile(batches, 99), codes };
}

function requestLines(count: number, hosts: string[], w: Workload): string[] {
  return Array.from({ length: count }, (_, i) => `${encodeURIComponent(`cus_${w.customer[i]}`)} ${encodeURIComponent(hosts[w.host[i]!]!)} ${w.port[i]} -`);
}

/** As Squid drives a helper: `channels` lookups in flight, the next sent as each answer arrives. */
async function squidLike(check: (c: string, h: string, p: number) => ReturnType<Gate['check']>, lines: string[]): Promise<number> {
  const input = new PassThrough();
  const output = new PassThrough();
  let sent = 0;
  let answered = 0;
  const send = (channel: number): string => `${channel} ${lines[sent++]}\n`;
  output.on('data', (chunk: Buffer) => {
    let next = '';
    for (let at = chunk.indexOf(10), from = 0; at >= 0; from = at + 1, at = chunk.indexOf(10, from)) {
      answered++;
      if (sent < lines.length) next += send(Number(chunk.toString('latin1', from, chunk.indexOf(32, from))));
    }
    if (next) input.write(next);
    else if (sent === lines.length && answered === lines.length) input.end();
  });
  const started = performance.now();
  const done = runSquidHelper(input, output, check);
  input.write(Array.from({ length: Math.min(CHANNELS, lines.length) }, (_, ch) => send(ch)).join(''));
  const stats = await done;
  if (stats.lines !== lines.length) throw new Error(`answered ${stats.lines} of ${lines.length}`);
  return lines.length / ((performance.now() - started) / 1000);
}

/** Every request written at once, channels cycling: the helper's throughput ceiling. */
async function bulk(check: (c: string, h: string, p: number) => ReturnType<Gate['check']>, lines: string[]): Promise<number> {
  const input = new PassThrough();
  const output = new PassThrough();
  output.resume();
  const started = performance.now();
  const done = runSquidHelper(input, output, check);
  for (let i = 0; i < lines.length; i += 1000) {
    const chunk = lines.slice(i, i + 1000).map((line, k) => `${(i + k) % CHANNELS} ${line}\n`).join('');
    if (!input.write(chunk)) await new Promise((resolve) => input.once('drain', resolve));
  }
  input.end();
  const stats = await done;
  if (stats.lines !== lines.length) throw new Error(`answered ${stats.lines} of ${lines.length}`);
  return lines.length / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const { categories } = await loadGateCategories();
  const suffixes = [...categories.values()].reduce((n, list) => n + list.length, 0);
  const { customers, overrides } = makeCustomers();
  const hosts = makeHosts(categories);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`gate bench: ${categories.size} categories (${suffixes} suffixes), ${fmt(CUSTOMERS)} customers, ${fmt(HOSTS)} distinct hosts, Node ${process.version}`);

  const cold = new Gate(DEFAULT_GATE_POLICY, categories);
  const t0 = performance.now();
  for (const host of hosts) cold.classify(host);
  console.log(`cold: ${fmt(HOSTS / ((performance.now() - t0) / 1000))} hosts classified/s (every one a cache miss)`);

  const gate = new Gate(DEFAULT_GATE_POLICY, categories);
  warm(gate, workload(200_000), hosts, customers, overrides);
  const w = workload(CHECKS);
  const result = warm(gate, w, hosts, customers, overrides);
  const total = [...result.codes.values()].reduce((a, b) => a + b, 0);
  const mix = [...result.codes].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${((100 * n) / total).toFixed(1)}%`).join(', ');
  console.log(`warm: ${fmt(result.rate)} checks/s over ${fmt(CHECKS)} checks | per check p50 ${(result.p50 * 1000).toFixed(2)} µs, p99 ${(result.p99 * 1000).toFixed(2)} µs (batches of 100) | ${fmt(gate.cachedHosts)} hosts cached`);
  console.log(`  decisions: ${mix}`);
  const small = new Gate({ ...DEFAULT_GATE_POLICY, hostCacheSize: Math.floor(HOSTS / 5) }, categories);
  warm(small, workload(200_000), hosts, customers, overrides);
  const churn = warm(small, w, hosts, customers, overrides);
  console.log(`warm, cache of ${fmt(HOSTS / 5)} hosts (a fifth of them): ${fmt(churn.rate)} checks/s | p50 ${(churn.p50 * 1000).toFixed(2)} µs, p99 ${(churn.p99 * 1000).toFixed(2)} µs`);

  const byId = new Map(customers.map((c, i) => [c.id, i]));
  const check = (id: string, host: string, port: number) => {
    const i = byId.get(id);
    return gate.check({ customer: i === undefined ? undefined : customers[i], host, port, overrides: i === undefined ? undefined : overrides[i] });
  };
  const lines = requestLines(LINES, hosts, workload(LINES));
  await bulk(check, lines.slice(0, 50_000));
  console.log(`squid helper, ${CHANNELS} in flight as Squid sends: ${fmt(await squidLike(check, lines))} lookups/s over ${fmt(LINES)} lines`);
  console.log(`squid helper, all lines written at once:  ${fmt(await bulk(check, lines))} lookups/s over ${fmt(LINES)} lines`);
}

printHostSpeed('before');
await main();
printHostSpeed('after');
