/**
 * Monitoring benchmark: `npm run bench:monitoring [-- --events N --runs N --store sqlite|postgres]`.
 *  1. rule evaluation in process: the shipped seed rules over a mixed stream, one core, with the
 *     events spread over all customers and again with 100 busy customers sending half of them,
 *     each `--runs` times (default 3) with fresh states, reporting each run, the median and the best;
 *  2. durable ingest over HTTP in batches against a real `vigil serve`, its rule processor running;
 *  3. event → alert latency: ingest of an event that trips a rule until its alert is committed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createVigil } from '../src/app/composition.js';
import { loadConfig } from '../src/config/config.js';
import type { StoredEvent } from '../src/monitoring/events.store.js';
import { RuleRunner } from '../src/monitoring/rule-runner.js';
import type { CustomerMonitorState } from '../src/monitoring/rules/customer-state.js';
import { DEFAULT_POLICY } from '../src/policy/policy.js';
import { printHostSpeed } from './host-speed.js';
import { withServer } from './served.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const EVENTS = Number(arg('events', '1000000'));
const STORE = arg('store', 'sqlite') as 'sqlite' | 'postgres';
/** Runs of each in-process phase: the host's speed drifts by tens of percent between runs. */
const RUNS = Number(arg('runs', '3'));
const CUSTOMERS = 10_000;
/** Events per batch in the in-process phase: the worker's default read batch (monitoring.batchSize). */
const BATCH = 5_000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** A second hash of the event number, independent of the first, so each customer gets the whole mix. */
function mix(i: number): number {
  let h = Math.imul(i + 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A deterministic mix: mostly proxy usage, then payments, logins and crypto. */
function makeEvent(i: number, customerId: (i: number) => string, start: number): Omit<StoredEvent, 'receivedAt'> {
  const r = (i * 2654435761) >>> 0;
  const kind = r % 100;
  const base = { seq: i + 1, eventId: `b-${i}`, customerId: customerId(mix(i) % CUSTOMERS), occurredAt: new Date(start + i * 20).toISOString() };
  if (kind < 60) return { ...base, type: 'proxy.usage', data: { host: `site${r % 5000}.example`, port: 443, method: r % 7 === 0 ? 'POST' : 'GET', path: r % 7 === 0 ? '/login' : '/', status: r % 11 === 0 ? 401 : 200, requests: 1 + (r % 200), intervalSeconds: 60 } };
  if (kind < 80) return { ...base, type: 'payment.deposit', data: { amount: 10 + (r % 500), currency: 'EUR', method: 'card', payerNameMatches: r % 50 !== 0 } };
  if (kind < 88) return { ...base, type: 'payment.withdrawal', data: { amount: 10 + (r % 300), currency: 'EUR', method: 'bank_transfer' } };
  if (kind < 97) return { ...base, type: 'account.login', data: { success: r % 9 !== 0 } };
  return { ...base, type: 'crypto.deposit', data: { amount: 0.01, asset: 'BTC', address: `bc1q${(r % 900).toString(16)}`, addressRisk: r % 40 === 0 ? 90 : 0, addressFlags: [] } };
}

/** Half the events from 100 busy customers (thousands of events in their windows), half spread over all. */
const skewed = (i: number, k: number) => `cus_${mix(i) % 2 === 0 ? mix(i * 7 + 1) % 100 : k}`;

// The previous run's states (a million events) are garbage by the next run: collected before it
// starts, not in the middle of its timing, as no server drops all its states at once.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

function inProcess(skew: boolean, run: number): number {
  collect();
  const runner = RuleRunner.compile(DEFAULT_POLICY.monitoring.rules, 'bench');
  const states = new Map<string, CustomerMonitorState>();
  const start = Date.parse('2026-06-01T00:00:00Z');
  let alerts = 0;
  let ns = 0n;
  // Made a batch at a time outside the timed part, as the worker reads them from the store: a
  // million events held at once would make every collection walk them, which no server does.
  for (let from = 0; from < EVENTS; from += BATCH) {
    const events = Array.from({ length: Math.min(BATCH, EVENTS - from) }, (_, j) => ({ ...makeEvent(from + j, (k) => (skew ? skewed(from + j, k) : `cus_${k}`), start), receivedAt: '' }));
    const t0 = process.hrtime.bigint();
    for (const e of events) {
      let s = states.get(e.customerId);
      if (!s) states.set(e.customerId, (s = runner.fresh(e.customerId)));
      alerts += runner.evaluate(e, s).alerts.length;
    }
    ns += process.hrtime.bigint() - t0;
  }
  const secs = Number(ns) / 1e9;
  const spread = skew ? `${fmt(CUSTOMERS)} customers, 100 of them sending half the events` : `${fmt(CUSTOMERS)} customers`;
  console.log(`rule evaluation (in process, ${DEFAULT_POLICY.monitoring.rules.length} seed rules, ${spread}), run ${run}: ${fmt(EVENTS)} events in ${secs.toFixed(2)} s = ${fmt(EVENTS / secs)} events/s, ${fmt(alerts)} alerts`);
  return EVENTS / secs;
}

/** Each phase RUNS times with fresh states, then the median and the best run. */
function inProcessRuns(skew: boolean): void {
  const rates = Array.from({ length: RUNS }, (_, i) => inProcess(skew, i + 1)).sort((a, b) => a - b);
  console.log(`  median ${fmt(rates[Math.floor((rates.length - 1) / 2)]!)} events/s, best ${fmt(rates.at(-1)!)} events/s`);
}

async function overHttp(rules: boolean): Promise<void> {
  const batches = 40;
  const batchSize = 5000;
  await withServer(STORE, 4, async (pool, token) => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    // Customers through the API (each gets its initial risk score); events then refer to them by reference.
    for (let i = 0; i < 200; i++) {
      const res = await pool.request({ method: 'POST', path: '/v1/customers', headers: { ...headers, 'idempotency-key': `c${i}` }, body: JSON.stringify({ type: 'person', externalRef: `ref-${i}`, country: 'DE', fullName: `Bench Person ${i}` }) });
      await res.body.dump();
    }
    const start = Date.now() - 3_600_000;
    const bodies = Array.from({ length: batches }, (_, b) =>
      JSON.stringify(
        Array.from({ length: batchSize }, (_, j) => {
          const { customerId, seq: _s, eventId, occurredAt, type, data } = makeEvent(b * batchSize + j, (k) => `ref-${k % 200}`, start);
          return { id: eventId, type, customerRef: customerId, occurredAt, data };
        }),
      ),
    );
    const t0 = performance.now();
    let next = 0;
    let accepted = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const res = await pool.request({ method: 'POST', path: '/v1/events', headers, body });
        const json = (await res.body.json()) as { accepted: number };
        if (res.statusCode !== 200) throw new Error(`ingest answered ${res.statusCode}: ${JSON.stringify(json)}`);
        accepted += json.accepted;
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    const secs = (performance.now() - t0) / 1000;
    console.log(`durable ingest over HTTP (${STORE}, batches of ${batchSize}, 4 connections, rule processor ${rules ? 'running alongside' : 'off'}): ${fmt(accepted)} events in ${secs.toFixed(2)} s = ${fmt(accepted / secs)} events/s`);
    if (!rules) return;
    for (;;) {
      const res = await pool.request({ method: 'GET', path: '/v1/monitoring/status', headers });
      const s = (await res.body.json()) as { lag: number };
      if (s.lag === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const all = (performance.now() - t0) / 1000;
    console.log(`  … and processed by the rules (alerts committed) after ${all.toFixed(2)} s = ${fmt(accepted / all)} events/s end to end`);
  }, rules ? {} : { VIGIL_MONITORING_ENABLED: 'false' });
}

async function latency(): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), 'vigil-bench-lat-'));
  const vigil = await createVigil(loadConfig({ env: { VIGIL_DATA_DIR: data, VIGIL_LOG_LEVEL: 'silent' }, cwd: data }));
  try {
    const c = await vigil.database.transaction((trx) => vigil.customers.create(trx, { type: 'person', externalRef: 'lat', country: 'DE', fullName: 'Lat Ency' }, 'bench'));
    const samples: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const t0 = performance.now();
      // A deposit from a high-risk address raises an alert every time (the rule has no cool-down).
      await vigil.eventIngest.ingest([{ id: `lat-${i}`, type: 'crypto.deposit', customerId: c.id, occurredAt: new Date().toISOString(), data: { amount: 0.1, asset: 'BTC', address: `bc1qlat${i}`, addressRisk: 95 } }], 'bench');
      await vigil.monitor.drain({ followUps: false });
      samples.push(performance.now() - t0);
    }
    await vigil.monitor.drain();
    const alerts = await vigil.alerts.list(vigil.database.db, { customerId: c.id, limit: 2000 });
    samples.sort((a, b) => a - b);
    const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!.toFixed(2);
    console.log(`event → alert (SQLite, one event per request, durable ingest + rule run + alert commit): p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms over ${samples.length} events (${alerts.length} alerts)`);
  } finally {
    await vigil.close();
    rmSync(data, { recursive: true, force: true });
  }
}

// Latency first, on a fresh heap: the in-process phase leaves a million garbage events behind,
// whose collection would land in the latency samples though no server holds such arrays.
printHostSpeed('before');
await latency();
inProcessRuns(false);
inProcessRuns(true);
await overHttp(false);
await overHttp(true);
printHostSpeed('after');
