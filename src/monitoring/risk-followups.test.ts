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
    const audited = await vigil.database.db.selectFrom('audit_log').select('subject').where('action', '=', 'risk.follow_up').execute();
    expect(audited.map((r) => r.subject).sort()).toEqual(customers.map((c) => `customer:${c}`));
    expect((await vigil.audit.verify(vigil.database.db)).ok).toBe(true);
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
