import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { stringify } from 'yaml';
import { DEFAULT_POLICY } from '../../src/policy/policy.js';
import { dialects, freshStore, openVigil, testVigil } from '../helpers/targets.js';

const targets = await dialects();

/**
 * Transaction and usage monitoring through HTTP on the shipped policy: events in, seed rules out
 * as explained alerts, their actions on the proxy gate and the customer's risk score.
 */
describe.each(targets)('monitoring on %s', (dialect) => {
  let t: TestApp;
  const clock = new ManualClock(new Date('2026-06-01T09:00:00Z'));
  let n = 0;
  let seq = 0;
  const at = (minutes: number) => new Date(Date.parse('2026-06-01T09:00:00Z') + minutes * 60_000).toISOString();
  const ingest = (payload: unknown, contentType = 'application/json') =>
    t.app.inject({ method: 'POST', url: '/v1/events', headers: { ...t.auth('service'), 'content-type': contentType }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
  const customer = async (name = 'Jane Example') => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/customers', headers: { ...t.auth('service'), 'idempotency-key': `c-${++n}` }, payload: { type: 'person', externalRef: `m-${n}`, country: 'GB', fullName: name } });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const event = (customerId: string, type: string, data: Record<string, unknown>, minutes = 0) => ({ id: `e-${++seq}`, type, customerId, occurredAt: at(minutes), data });
  const alertsOf = async (customerId: string) => {
    await t.vigil.monitor.drain();
    const res = await t.app.inject({ method: 'GET', url: `/v1/alerts?customerId=${customerId}`, headers: t.auth('analyst') });
    expect(res.statusCode).toBe(200);
    return res.json().data as Array<{ id: string; ruleId: string; explanation: string; evidence: string[]; action: string; key: string | null; policyVer: string }>;
  };

  beforeAll(async () => {
    t = await testApp(dialect, { clock });
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps the valid events of a batch, reports the bad ones by index, and counts resent ones as duplicates', async () => {
    const c = await customer();
    const good = event(c, 'payment.deposit', { amount: 50, currency: 'EUR', method: 'card' });
    const res = await ingest([good, { ...event(c, 'payment.deposit', { amount: -5, currency: 'EUR' }) }, event('cus_nobody', 'account.login', { success: true }), { id: 'x', type: 'nope' }]);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, 'EVENT_INVALID'],
      [2, 'EVENT_CUSTOMER_UNKNOWN'],
      [3, 'EVENT_INVALID'],
    ]);
    expect(body.rejected[0].message).toContain('data.amount');
    const again = (await ingest([good])).json();
    expect(again).toMatchObject({ accepted: 0, duplicates: 1, rejected: [] });
    const allBad = await ingest([{ id: 'y' }]);
    expect(allBad.statusCode).toBe(422);
    expect(allBad.json().code).toBe('EVENT_BATCH_REJECTED');
  });

  it('takes NDJSON, refers to customers by the operator reference, and reports a broken line by index', async () => {
    await customer();
    const ref = `m-${n}`;
    const lines = [JSON.stringify({ id: `nd-1-${ref}`, type: 'account.login', customerRef: ref, occurredAt: at(1), data: { success: true, ip: '198.51.100.7' } }), '{not json', ''];
    const res = await ingest([...lines.slice(0, 2), JSON.stringify([{ id: 'in-an-array' }]), ''].join('\n'), 'application/x-ndjson');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 1, rejected: [{ index: 1, code: 'EVENT_INVALID' }, { index: 2, code: 'EVENT_INVALID', message: expect.stringContaining('one event object, not an array') }] });
    // A JSON body that is a string is not NDJSON text.
    const text = await ingest('"x"');
    expect([text.statusCode, text.json().code]).toEqual([400, 'EVENT_BODY_MALFORMED']);
    const before = await t.app.inject({ method: 'GET', url: '/v1/alerts?before=garbage', headers: t.auth('analyst') });
    expect([before.statusCode, before.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    // The login IP is stored as a keyed pseudonym, not as the address.
    const rows = await t.vigil.database.db.selectFrom('monitoring_events').select('data').where('event_id', '=', `nd-1-${ref}`).execute();
    expect(rows[0]!.data).not.toContain('198.51.100.7');
  });

  it('raises structuring once, with its evidence and explanation, and stays silent on ordinary deposits', async () => {
    const c = await customer();
    const control = await customer();
    // Events from the last three hours (one more than an hour ahead of the clock would be refused).
    await ingest([9400, 9700, 9950].map((amount, i) => event(c, 'payment.deposit', { amount, currency: 'EUR', method: 'bank_transfer' }, i * 60 - 180)));
    await ingest([9400, 120, 9950].map((amount, i) => event(control, 'payment.deposit', { amount, currency: 'EUR', method: 'bank_transfer' }, i * 60 - 180)));
    const alerts = await alertsOf(c);
    expect(alerts.map((a) => a.ruleId)).toEqual(['structuring']);
    expect(alerts[0]!.evidence).toHaveLength(3);
    expect(alerts[0]!.explanation).toMatch(/3 deposits .* EUR within 24h/);
    expect(alerts[0]!.policyVer).toBe(t.vigil.policies.snapshot().version);
    expect(await alertsOf(control)).toEqual([]);
    // The alert shows its evidence events.
    const detail = await t.app.inject({ method: 'GET', url: `/v1/alerts/${alerts[0]!.id}`, headers: t.auth('analyst') });
    expect(detail.json().events).toHaveLength(3);
    // The ongoing risk score took the alert in.
    const risk = (await t.app.inject({ method: 'GET', url: `/v1/customers/${c}/risk`, headers: t.auth('analyst') })).json();
    expect(risk.assessments[0].kind).toBe('ors');
    expect(risk.assessments[0].factors.map((f: { code: string }) => f.code)).toContain('BEHAVIOUR_OPEN_ALERTS');
    expect(risk.assessments.at(-1).kind).toBe('irs');
  });

  it('flags a payer whose name is not the customer’s without storing the name', async () => {
    const c = await customer('Jane Example');
    await ingest([event(c, 'payment.deposit', { amount: 40, currency: 'EUR', method: 'card', payerName: 'J EXAMPLE' }), event(c, 'payment.deposit', { amount: 40, currency: 'EUR', method: 'card', payerName: 'Rupert Otherperson' })]);
    const alerts = await alertsOf(c);
    expect(alerts.map((a) => a.ruleId)).toEqual(['payer_name_mismatch']);
    const rows = await t.vigil.database.db.selectFrom('monitoring_events').select('data').where('customer_id', '=', c).execute();
    expect(rows.map((r) => r.data).join()).not.toMatch(/Rupert|EXAMPLE/);
  });

  it('blocks the target of a DDoS for the customer through the gate, and only that target', async () => {
    const c = await customer();
    expect((await t.vigil.gate.check(c, 'victim.example', 443)).action).toBe('allow');
    await ingest([event(c, 'proxy.usage', { host: 'victim.example', port: 443, method: 'GET', status: 200, requests: 12_000, intervalSeconds: 60 })]);
    const alerts = await alertsOf(c);
    expect(alerts).toMatchObject([{ ruleId: 'proxy_ddos', action: 'block_target', key: 'victim.example' }]);
    const res = await t.app.inject({ method: 'GET', url: `/v1/gate/check?customerId=${c}&host=www.victim.example&port=443`, headers: t.auth('service') });
    expect(res.json()).toMatchObject({ action: 'deny', code: 'temporary_block', source: 'monitoring:proxy_ddos' });
    expect((await t.vigil.gate.check(c, 'other.example', 443)).action).toBe('allow');
  });

  it('starts a KYC refresh on a payment above the policy threshold', async () => {
    const c = await customer();
    await ingest([event(c, 'payment.deposit', { amount: 4000, currency: 'EUR', method: 'card' }, -5)]);
    await t.vigil.monitor.drain();
    expect((await t.vigil.customers.get(t.vigil.database.db, c)).kycDeadlineAt).toBeNull();
    await ingest([event(c, 'payment.deposit', { amount: 6000, currency: 'EUR', method: 'card' }, -4)]);
    await t.vigil.monitor.drain();
    expect((await t.vigil.customers.get(t.vigil.database.db, c)).kycDeadlineAt).not.toBeNull();
  });

  it('starts a KYC refresh when a calendar month’s payments pass the policy’s monthly volume', async () => {
    const c = await customer();
    await ingest([1, 2, 3].map((i) => event(c, 'payment.deposit', { amount: 4900, currency: 'EUR', method: 'card' }, -10 * i)));
    await t.vigil.monitor.drain();
    expect((await t.vigil.customers.get(t.vigil.database.db, c)).kycDeadlineAt).toBeNull();
    await ingest([event(c, 'payment.withdrawal', { amount: 400, currency: 'EUR', method: 'card' }, -1)]);
    await t.vigil.monitor.drain();
    expect((await t.vigil.customers.get(t.vigil.database.db, c)).kycDeadlineAt).not.toBeNull();
  });

  it('weighs payments in other currencies at the policy’s rates, and leaves out those it has no rate for', async () => {
    const { vigil, close } = await testVigil(dialect);
    try {
      const risk = { ...DEFAULT_POLICY.risk, triggers: { ...DEFAULT_POLICY.risk.triggers, currency: 'EUR', rates: { USD: 0.5 } } };
      await vigil.policies.apply(stringify({ risk }), 'test', 'test');
      const c = await vigil.database.transaction((trx) => vigil.customers.create(trx, { type: 'person', externalRef: 'fx', country: 'DE', fullName: 'Fx Payer' }, 'test'));
      const pay = (id: string, amount: number, currency: string) => ({ id, type: 'payment.deposit', customerId: c.id, occurredAt: at(-1), data: { amount, currency, method: 'card' } });
      const deadline = async () => (await vigil.customers.get(vigil.database.db, c.id)).kycDeadlineAt;
      // 9,000 USD is 4,500 EUR; 900,000 JPY has no rate: neither reaches the 5,000 EUR threshold.
      await vigil.eventIngest.ingest([pay('fx-1', 9000, 'USD'), pay('fx-2', 900_000, 'JPY')], 'test');
      await vigil.monitor.drain();
      expect(await deadline()).toBeNull();
      const month = await vigil.database.db.selectFrom('payment_months').select('total').where('customer_id', '=', c.id).executeTakeFirstOrThrow();
      expect(Number(month.total)).toBe(4500);
      await vigil.eventIngest.ingest([pay('fx-3', 12_000, 'USD')], 'test');
      await vigil.monitor.drain();
      expect(await deadline()).not.toBeNull();
    } finally {
      await close();
    }
  });

  it('processes each event once however often drained, and an event resent after processing raises nothing new', async () => {
    const c = await customer();
    const burst = Array.from({ length: 12 }, (_, i) => event(c, 'account.login', { success: false }, i / 2));
    await ingest(burst);
    await Promise.all([t.vigil.monitor.drain(), t.vigil.monitor.drain()]);
    await ingest(burst);
    const alerts = await alertsOf(c);
    expect(alerts.map((a) => a.ruleId)).toEqual(['login_velocity']);
  });

  it('a node taking over from one that died replays the events after the last checkpoint', async () => {
    const store = await freshStore(dialect);
    // Neither node processes on its own, and checkpoints wait ten minutes: node a dies holding its states.
    const config = { ...store.config, monitoring: { ...store.config.monitoring, enabled: false, checkpointMs: 600_000 } };
    const a = await openVigil({ ...store, config });
    const b = await openVigil({ ...store, config });
    try {
      const c = await a.database.transaction((trx) => a.customers.create(trx, { type: 'person', externalRef: 'takeover', country: 'DE', fullName: 'Take Over' }, 'test'));
      const deposit = (i: number) => ({ id: `to-${i}`, type: 'payment.deposit', customerId: c.id, occurredAt: new Date(Date.now() - 60_000 + i * 1000).toISOString(), data: { amount: 9500, currency: 'EUR', method: 'card' } });
      await a.eventIngest.ingest([deposit(1), deposit(2)], 'test');
      expect(await a.monitor.drain()).toBe(2);
      expect(await a.database.db.selectFrom('monitoring_states').selectAll().where('customer_id', '=', c.id).execute()).toEqual([]);
      // a's lease runs out without a word from it.
      await a.database.db.updateTable('monitoring_cursor').set({ lease_until: new Date(Date.now() - 1000).toISOString() }).execute();
      await b.eventIngest.ingest([deposit(3)], 'test');
      expect(await b.monitor.drain()).toBe(1);
      const alerts = await b.alerts.monitoring(b.database.db, { customerId: c.id, limit: 10 });
      expect(alerts.map((x) => [x.ruleId, x.triggeredBy, x.evidence.length])).toEqual([['structuring', 'to-3', 3]]);
      await b.monitor.stop();
      const saved = await b.database.db.selectFrom('monitoring_states').select('seq').where('customer_id', '=', c.id).executeTakeFirstOrThrow();
      expect(Number(saved.seq)).toBe((await b.alerts.status(b.database.db)).lastSeq);
    } finally {
      await a.close();
      await b.close();
      await store.cleanup();
    }
  });

  it('a temporary block raised on one node reaches the gate of another at its next look at the audit log', async () => {
    const store = await freshStore(dialect);
    // Caches that would otherwise keep the customer for ten minutes.
    const config = { ...store.config, monitoring: { ...store.config.monitoring, enabled: false }, gate: { ...store.config.gate, cacheTtlMs: 600_000 } };
    const a = await openVigil({ ...store, config });
    const b = await openVigil({ ...store, config });
    try {
      const c = await a.database.transaction((trx) => a.customers.create(trx, { type: 'person', externalRef: 'gate-watch', country: 'DE', fullName: 'Gate Watch' }, 'test'));
      await b.gate.watch();
      expect((await b.gate.check(c.id, 'victim.example', 443)).action).toBe('allow');
      await a.eventIngest.ingest([{ id: 'gw-1', type: 'proxy.usage', customerId: c.id, occurredAt: new Date().toISOString(), data: { host: 'victim.example', port: 443, method: 'GET', status: 200, requests: 20_000, intervalSeconds: 60 } }], 'test');
      await a.monitor.drain();
      expect((await b.gate.check(c.id, 'victim.example', 443)).action).toBe('allow');
      await b.gate.watch();
      expect(await b.gate.check(c.id, 'victim.example', 443)).toMatchObject({ action: 'deny', code: 'temporary_block' });
      expect((await b.gate.check(c.id, 'other.example', 443)).action).toBe('allow');
    } finally {
      await a.close();
      await b.close();
      await store.cleanup();
    }
  });

  it('runs the rules once across two nodes on one store, whichever ingests and drains', async () => {
    if (dialect !== 'postgres') return; // one SQLite file belongs to one server
    const store = await freshStore(dialect);
    const a = await openVigil(store);
    const b = await openVigil(store);
    try {
      const c = await a.database.transaction((trx) => a.customers.create(trx, { type: 'person', externalRef: 'two-nodes', country: 'DE', fullName: 'Two Nodes' }, 'test'));
      const logins = Array.from({ length: 24 }, (_, i) => ({ id: `two-${i}`, type: 'account.login', customerId: c.id, occurredAt: new Date(Date.now() - 60_000 + i * 1000).toISOString(), data: { success: false } }));
      const flagged = Array.from({ length: 6 }, (_, i) => ({ id: `two-crypto-${i}`, type: 'crypto.deposit', customerId: c.id, occurredAt: new Date(Date.now() - 30_000 + i).toISOString(), data: { amount: 1, asset: 'BTC', address: `bc1qtwo${i}`, addressRisk: 90 } }));
      await Promise.all([a.eventIngest.ingest([...logins.slice(0, 12), ...flagged.slice(0, 3)], 'test'), b.eventIngest.ingest([...logins.slice(12), ...flagged.slice(3)], 'test')]);
      await Promise.all([a.eventIngest.ingest(logins, 'test'), b.eventIngest.ingest(flagged, 'test'), a.monitor.drain(), b.monitor.drain()]);
      await Promise.all([a.monitor.drain(), b.monitor.drain()]);
      await b.monitor.stop();
      await a.monitor.drain();
      const alerts = await a.alerts.monitoring(a.database.db, { customerId: c.id, limit: 100 });
      const byRule = (rule: string) => alerts.filter((x) => x.ruleId === rule).map((x) => x.triggeredBy).sort();
      expect(byRule('crypto_high_risk_address')).toEqual(flagged.map((f) => f.id).sort());
      expect(byRule('login_velocity')).toHaveLength(1);
      expect(await a.alerts.status(a.database.db)).toMatchObject({ lag: 0 });
      const stored = await a.database.db.selectFrom('monitoring_events').select('event_id').where('customer_id', '=', c.id).execute();
      expect(stored).toHaveLength(logins.length + flagged.length);
    } finally {
      await a.close();
      await b.close();
      await store.cleanup();
    }
  });
});

describe('risk follow-ups under a busy event stream', () => {
  it('wait for a lull in the stream, but run within a second or so however busy it is', async () => {
    const { vigil, close } = await testVigil('sqlite');
    try {
      const c = await vigil.database.transaction((trx) => vigil.customers.create(trx, { type: 'person', externalRef: 'busy', country: 'DE', fullName: 'Busy Stream' }, 'test'));
      const pending = async () => Number((await vigil.database.db.selectFrom('risk_pending').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const started = performance.now();
      let raised = 0;
      let followedUpAfter: number | null = null;
      // A deposit from a high-risk address raises an alert, and so a follow-up, every time.
      while (followedUpAfter === null && performance.now() - started < 10_000) {
        await vigil.eventIngest.ingest([{ id: `busy-${raised}`, type: 'crypto.deposit', customerId: c.id, occurredAt: new Date().toISOString(), data: { amount: 0.1, asset: 'BTC', address: `bc1qbusy${raised}`, addressRisk: 95 } }], 'test');
        await vigil.monitor.drain({ followUps: false });
        raised++;
        if ((await pending()) < raised) followedUpAfter = performance.now() - started;
        await new Promise((r) => setTimeout(r, 5));
      }
      // The stream never paused for the 50 ms a lull takes, and the follow-ups still ran.
      expect(followedUpAfter).not.toBeNull();
      expect(followedUpAfter!).toBeLessThan(5_000);
      await vigil.monitor.drain();
      expect(await pending()).toBe(0);
    } finally {
      await close();
    }
  });
});
