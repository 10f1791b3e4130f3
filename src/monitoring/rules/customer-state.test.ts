import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../core/errors.js';
import { compileRules } from './compile-rules.js';
import { CustomerMonitorState } from './customer-state.js';
import type { MonitoringEvent } from './event.js';
import type { RuleDef } from './rule-schema.js';
import { DEFAULT_POLICY } from '../../policy/policy.js';
import { CUSTOMER, T0, deposit, ev } from './test-kit.js';

/** The shipped policy's seed rules (assets/policy/default.yaml). */
const SEED_RULES = DEFAULT_POLICY.monitoring.rules;

function compile(rules: RuleDef[]) {
  const r = compileRules(rules);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const seed = compile(SEED_RULES);
const roundTrip = (s: CustomerMonitorState) => CustomerMonitorState.fromJSON(JSON.parse(JSON.stringify(s)));

/** A deterministic mixed stream for one customer, slightly out of order, with bursts that fire rules. */
function mixedStream(n: number): MonitoringEvent[] {
  let x = 7;
  const rnd = () => ((x = (x * 48271) % 2147483647) / 2147483647);
  const events: MonitoringEvent[] = [];
  for (let i = 0; i < n; i++) {
    const at = i * 45_000 - Math.floor(rnd() * 120_000);
    const p = rnd();
    if (p < 0.5) events.push(ev('proxy.usage', { host: `h${Math.floor(rnd() * 4)}.example`, port: rnd() < 0.05 ? 25 : 443, requests: 1 + Math.floor(rnd() * 3000), status: rnd() < 0.2 ? 401 : 200, method: 'POST' }, at));
    else if (p < 0.65) events.push(ev('account.login', { success: rnd() < 0.5 }, at));
    else if (p < 0.85) events.push(deposit(Math.round(rnd() * 12000) + 0.37, at, { payerNameMatches: rnd() < 0.9, instrument: `fp${Math.floor(rnd() * 3)}` }));
    else if (p < 0.9) events.push(ev('payment.withdrawal', { amount: Math.round(rnd() * 20000), currency: 'EUR' }, at));
    else events.push(ev('crypto.deposit', { amount: rnd(), asset: 'BTC', address: `bc1q${Math.floor(rnd() * 9)}`, addressRisk: Math.floor(rnd() * 100) }, at));
  }
  return events;
}

describe('CustomerMonitorState', () => {
  it('round-trips through JSON exactly', () => {
    const state = new CustomerMonitorState(CUSTOMER);
    for (const e of mixedStream(600)) seed.evaluate(e, state);
    const json = JSON.stringify(state);
    expect(JSON.stringify(roundTrip(state))).toBe(json);
    expect(state.eventCount).toBeGreaterThan(100);
    expect(JSON.parse(json).baselines.avg_ticket.length).toBeGreaterThan(0);
  });

  it('gives the same alerts after a checkpoint as without one', () => {
    const stream = mixedStream(3000);
    const straight = new CustomerMonitorState(CUSTOMER);
    let restored = new CustomerMonitorState(CUSTOMER);
    const a: unknown[] = [];
    const b: unknown[] = [];
    stream.forEach((e, i) => {
      a.push(...seed.evaluate(e, straight).alerts);
      b.push(...seed.evaluate(e, restored).alerts);
      if (i % 97 === 0) restored = roundTrip(restored);
    });
    expect(a.length).toBeGreaterThan(20);
    expect(b).toEqual(a);
  });

  it('keeps only the fields rules read, and only the types windows use', () => {
    const set = compile([{ id: 'r', version: 1, description: 'x', severity: 'low', on: ['payment.deposit', 'account.login'], when: { gt: [{ count: { within: '1h', types: ['payment.deposit'], where: { eq: [{ field: 'currency' }, 'EUR'] } } }, 5] }, action: 'alert' }]);
    const state = new CustomerMonitorState(CUSTOMER);
    set.evaluate(deposit(10, 0, { method: 'card', instrument: 'fp' }), state);
    set.evaluate(ev('account.login', { success: true }), state);
    const json = state.toJSON();
    expect(json.events).toEqual({ 'payment.deposit': [[expect.any(String), expect.any(Number), T0, { currency: 'EUR' }]] });
  });

  it('prunes events older than the longest window plus the allowed lateness behind the newest event', () => {
    const set = compile([{ id: 'r', version: 1, description: 'x', severity: 'low', on: ['payment.deposit'], when: { gt: [{ count: { within: '1h', types: ['payment.deposit'] } }, 5] }, action: 'alert' }]);
    const state = new CustomerMonitorState(CUSTOMER);
    for (const at of ['-3h', '-76m', '-74m', '-10m', '0s']) set.evaluate(deposit(1, at), state);
    expect(state.toJSON().events['payment.deposit']!.map((e) => e[2] - T0)).toEqual([-74, -10, 0].map((m) => m * 60_000));
  });

  it('caps each type, dropping the oldest, so one flooding type cannot evict another', () => {
    const set = compile([{ id: 'r', version: 1, description: 'x', severity: 'low', on: ['proxy.usage'], when: { gt: [{ count: { within: '7d', types: ['proxy.usage', 'payment.deposit'] } }, 1e6] }, action: 'alert' }]);
    const state = new CustomerMonitorState(CUSTOMER, { maxEventsPerType: 100 });
    set.evaluate(deposit(5, '-1h'), state);
    for (let i = 0; i < 250; i++) set.evaluate(ev('proxy.usage', { host: 'a', port: 443, requests: 1 }, i * 1000, `p${i}`), state);
    const json = state.toJSON();
    expect(json.events['proxy.usage']!.map((e) => e[0])).toEqual(Array.from({ length: 100 }, (_, i) => `p${150 + i}`));
    expect(json.events['payment.deposit']).toHaveLength(1);
  });

  it('evicts the least recently updated key of a full baseline', () => {
    const state = new CustomerMonitorState(CUSTOMER, { maxBaselineKeys: 2 });
    state.updateBaseline('b', 'x', 1, 0.5, 1);
    state.updateBaseline('b', 'y', 1, 0.5, 2);
    state.updateBaseline('b', 'x', 3, 0.5, 3);
    state.updateBaseline('b', 'z', 1, 0.5, 4);
    expect(state.toJSON().baselines).toEqual({ b: [['x', 2, 2, 3], ['z', 1, 1, 4]] });
    // Read last, then evicted: the read must not keep it alive.
    expect(state.baseline('b', 'x')).toMatchObject({ n: 2 });
    state.updateBaseline('b', 'w', 1, 0.5, 5);
    expect(state.baseline('b', 'x')).toBeUndefined();
  });

  it('reads the same events through a key index as through a full scan of the window', () => {
    // `not ne` means the same as `eq` but is not recognised as a key, so that rule set scans.
    const unkeyed = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(unkeyed);
      if (node === null || typeof node !== 'object') return node;
      const o = node as Record<string, unknown>;
      if (Array.isArray(o['eq']) && JSON.stringify(o['eq']).includes('"current"')) return { not: { ne: o['eq'] } };
      return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unkeyed(v)]));
    };
    const scanning = compile(unkeyed(SEED_RULES) as RuleDef[]);
    expect(JSON.stringify(SEED_RULES)).toMatch(/"eq":\[\{"field":"host"\},\{"current":"host"\}\]/);
    expect(JSON.stringify(unkeyed(SEED_RULES))).not.toMatch(/"eq":\[[^\]]*"current"/);
    let x = 11;
    const rnd = () => ((x = (x * 48271) % 2147483647) / 2147483647);
    // Many hosts and currencies, late events, and a small cap so the oldest events are dropped too.
    const limits = { maxEventsPerType: 60 };
    const keyed = new CustomerMonitorState(CUSTOMER, limits);
    const scanned = new CustomerMonitorState(CUSTOMER, limits);
    const a: unknown[] = [];
    const b: unknown[] = [];
    for (let i = 0; i < 6000; i++) {
      const at = i * 2_000 - Math.floor(rnd() * 300_000);
      const e =
        rnd() < 0.7
          ? ev('proxy.usage', { host: `h${Math.floor(rnd() * 40)}.example`, port: 443, requests: 1 + Math.floor(rnd() * 900), status: rnd() < 0.5 ? 401 : 200, method: 'POST' }, at)
          : rnd() < 0.7
            ? deposit(9000 + Math.floor(rnd() * 1500), at, { currency: rnd() < 0.5 ? 'EUR' : 'USD' })
            : ev('payment.withdrawal', { amount: Math.round(rnd() * 30000), currency: rnd() < 0.5 ? 'EUR' : 'USD' }, at);
      a.push(...seed.evaluate(e, keyed).alerts);
      b.push(...scanning.evaluate(e, scanned).alerts);
    }
    expect(a.length).toBeGreaterThan(50);
    const gist = (alerts: unknown[]) => alerts.map((al) => JSON.stringify([(al as { ruleId: string }).ruleId, (al as { values: unknown }).values, (al as { evidence: unknown }).evidence]));
    expect(gist(a)).toEqual(gist(b));
  });

  it('keeps a key index right across a compaction of its bucket, with the same key on every event', () => {
    const counting = (where: unknown): RuleDef[] => [
      { id: 'n', version: 1, description: 'count', severity: 'low', on: ['proxy.usage'], values: { n: { count: { within: '1m', types: ['proxy.usage'], where } } }, when: { gte: [{ value: 'n' }, 0] }, action: 'alert', enabled: true },
    ];
    const keyed = compile(counting({ eq: [{ field: 'host' }, { current: 'host' }] }));
    const scanning = compile(counting({ not: { ne: [{ field: 'host' }, { current: 'host' }] } }));
    const a = new CustomerMonitorState(CUSTOMER);
    const b = new CustomerMonitorState(CUSTOMER);
    // One event a second for an hour: past the 16 minutes kept, the oldest are pruned, and compacted once more than half are.
    const counts = Array.from({ length: 3600 }, (_, i) => ev('proxy.usage', { host: 'a.example', port: 443, requests: 1 }, i * 1000)).map((e) => [keyed.evaluate(e, a).alerts[0]!.values['n'], scanning.evaluate(e, b).alerts[0]!.values['n']]);
    expect(counts.at(-1)).toEqual([60, 60]);
    expect(counts.filter(([x, y]) => x !== y)).toEqual([]);
  });

  it('prunes on time after a late event became the oldest, after the cap dropped the oldest, and after a checkpoint', () => {
    const set = compile([{ id: 'r', version: 1, description: 'x', severity: 'low', on: ['payment.deposit'], when: { gt: [{ count: { within: '1h', types: ['payment.deposit'] } }, 5] }, action: 'alert' }]);
    const state = new CustomerMonitorState(CUSTOMER, { maxEventsPerType: 3 });
    const minutes = (s: CustomerMonitorState) => s.toJSON().events['payment.deposit']!.map((e) => (e[2] - T0) / 60_000);
    // The fourth event is over the cap (the oldest, 0m, goes) and late: it becomes the oldest kept.
    for (const at of ['0s', '10m', '5m', '-20m']) set.evaluate(deposit(1, at), state);
    expect(minutes(state)).toEqual([-20, 5, 10]);
    set.evaluate(deposit(1, '60m'), state);
    expect(minutes(state)).toEqual([5, 10, 60]);
    const restored = CustomerMonitorState.fromJSON(state.toJSON(), { maxEventsPerType: 3 });
    set.evaluate(deposit(1, '82m'), restored);
    expect(minutes(restored)).toEqual([10, 60, 82]);
  });

  it('stores a late event in occurredAt order', () => {
    const set = compile([{ id: 'r', version: 1, description: 'x', severity: 'low', on: ['payment.deposit'], when: { gt: [{ count: { within: '1h', types: ['payment.deposit'] } }, 5] }, action: 'alert' }]);
    const state = new CustomerMonitorState(CUSTOMER);
    for (const at of ['0s', '10m', '5m']) set.evaluate(deposit(1, at), state);
    expect(state.toJSON().events['payment.deposit']!.map((e) => (e[2] - T0) / 60_000)).toEqual([0, 5, 10]);
  });

  const malformed: Array<[string, unknown]> = [
    ['not an object', 'state'],
    ['an unknown version', { v: 2, customerId: 'c', newestAt: null, events: {}, baselines: {}, fired: [] }],
    ['an unknown event type', { v: 1, customerId: 'c', newestAt: 1, events: { 'payment.refund': [] }, baselines: {}, fired: [] }],
    ['a short event tuple', { v: 1, customerId: 'c', newestAt: 1, events: { 'payment.deposit': [['id', 1, 2]] }, baselines: {}, fired: [] }],
  ];
  it.each(malformed)('refuses a checkpoint that is %s', (_, json) => {
    let caught: unknown;
    try {
      CustomerMonitorState.fromJSON(json);
    } catch (err) {
      caught = err;
    }
    expect(isVigilError(caught) && caught.code).toBe('MONITORING_STATE_INVALID');
  });
});
