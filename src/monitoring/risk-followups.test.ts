import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialects, testVigil } from '../../test/helpers/targets.js';
import type { Vigil } from '../app/composition.js';
import type { Executor } from '../db/executor.js';
import type { MonitoringAlert } from './alerts.store.js';
import { RiskFollowUps } from './risk-followups.js';

const targets = await dialects();

const alert = (id: string, customerId: string): MonitoringAlert => ({
  id,
  customerId,
  ruleId: 'structuring',
  ruleVersion: 1,
  policyVer: 'p',
  severity: 'high',
  action: 'alert',
  hours: null,
  key: null,
  triggeredBy: `evt-${id}`,
  evidence: [],
  explanation: 'test',
  values: {},
  status: 'open',
  createdAt: '2026-06-01T00:00:00.000Z',
});

describe.each(targets)('risk follow-ups on %s', (dialect) => {
  let vigil: Vigil;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ vigil, close } = await testVigil(dialect));
  });
  afterEach(async () => close());

  const pending = async () => (await vigil.database.db.selectFrom('risk_pending').select(['alert_id', 'customer_id']).orderBy('alert_id').execute()).map((r) => r.alert_id);

  it('commits every customer’s follow-up but a failing one, which stays pending with nothing of it written', async () => {
    const seen: string[] = [];
    const onAlerts = async (trx: Executor, customerId: string) => {
      // Written before the failure: it must be undone with the failing customer's savepoint.
      await vigil.audit.append(trx, { actor: 'test', action: 'risk.follow_up', subject: `customer:${customerId}` });
      if (customerId === 'cus_bad') throw new Error('scoring failed');
      seen.push(customerId);
    };
    const followUps = new RiskFollowUps(vigil.database, onAlerts, async () => undefined);
    const customers = Array.from({ length: 40 }, (_, i) => `cus_${String(i).padStart(2, '0')}`);
    await vigil.database.transaction((trx) => followUps.record(trx, [...customers.map((c, i) => alert(`alr_${i}`, c)), alert('alr_bad', 'cus_bad')]));

    await followUps.run();

    expect(seen.sort()).toEqual(customers);
    expect(await pending()).toEqual(['alr_bad']);
    await vigil.audit.link();
    const audited = await vigil.database.db.selectFrom('audit_log').select('subject').where('action', '=', 'risk.follow_up').execute();
    expect(audited.map((r) => r.subject).sort()).toEqual(customers.map((c) => `customer:${c}`));
    expect((await vigil.audit.verify(vigil.database.db)).ok).toBe(true);
  });

  it('follows up a storm of alerts and large payments for one customer once', async () => {
    const calls: Array<{ customerId: string; alerts?: number; payment?: { amount: number; monthlyVolume: number } }> = [];
    const followUps = new RiskFollowUps(
      vigil.database,
      async (_trx, customerId, alerts) => void calls.push({ customerId, alerts: alerts.length }),
      async (_trx, customerId, payment) => void calls.push({ customerId, payment }),
    );
    const storm = Array.from({ length: 700 }, (_, i) => alert(`alr_${String(i).padStart(4, '0')}`, 'cus_busy'));
    const limits = { currency: 'EUR', rates: {}, transactionAmount: 5000, monthlyVolume: 15_000 };
    const payments = [6000, 9000.5, 7000].map((amount, i) => ({ eventId: `pay-${i}`, customerId: 'cus_busy', amount, currency: 'EUR', occurredAt: '2026-06-01T10:00:00.000Z' }));
    await vigil.database.transaction(async (trx) => {
      await followUps.record(trx, [...storm, alert('alr_quiet', 'cus_quiet')]);
      await followUps.recordPayments(trx, payments, limits, '2026-06-01T10:00:00.000Z');
    });
    await followUps.run();
    // One rescoring per customer, and one refresh naming the largest payment and the month's total.
    expect(calls.filter((c) => c.alerts !== undefined).map((c) => [c.customerId, c.alerts]).sort()).toEqual([['cus_busy', 700], ['cus_quiet', 1]]);
    expect(calls.filter((c) => c.payment)).toEqual([{ customerId: 'cus_busy', payment: { amount: 9000.5, monthlyVolume: 22_000.5 } }]);
    expect(await pending()).toEqual([]);
  });

  it('acts on each pending alert once, even when two runs overlap', async () => {
    let calls = 0;
    const followUps = new RiskFollowUps(vigil.database, async () => void calls++, async () => undefined);
    const other = new RiskFollowUps(vigil.database, async () => void calls++, async () => undefined);
    await vigil.database.transaction((trx) => followUps.record(trx, [alert('alr_1', 'cus_1'), alert('alr_2', 'cus_2')]));
    await Promise.all([followUps.run(), other.run()]);
    expect(calls).toBe(2);
    expect(await pending()).toEqual([]);
  });
});
