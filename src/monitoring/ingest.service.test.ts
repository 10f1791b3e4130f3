import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../app/composition.js';
import { dialects, testVigil } from '../../test/helpers/targets.js';

const targets = await dialects();

/** The payer name is reduced at ingest to whether it agrees with the customer's name on file, and is unknown without one. */
describe.each(targets)('payer names at ingest on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof testVigil>>;
  let vigil: Vigil;
  beforeAll(async () => {
    t = await testVigil(dialect);
    vigil = t.vigil;
  });
  afterAll(async () => {
    await t.close();
  });

  const deposit = (id: string, customerId: string, payerName: string) => ({
    id,
    type: 'payment.deposit',
    customerId,
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    data: { amount: 40, currency: 'EUR', method: 'card', payerName, instrument: `fp-${id}` },
  });
  const stored = async (eventId: string) => {
    const row = await vigil.database.db.selectFrom('monitoring_events').select('data').where('event_id', '=', eventId).executeTakeFirstOrThrow();
    return (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>;
  };
  const ruleIdsOf = async (customerId: string) => (await vigil.alerts.monitoring(vigil.database.db, { customerId, limit: 50 })).map((a) => a.ruleId);

  it('leaves the comparison unknown for a customer without a name on file (as the sign-up gate creates them), and raises no mismatch', async () => {
    // The sign-up gate creates customers with contacts and no name.
    const unnamed = await vigil.database.transaction((trx) => vigil.customers.create(trx, { type: 'person', externalRef: 'no-name', country: 'DE', email: 'someone@fjordmail.net' }, 'test', { externalRefChecked: true }));
    expect(await vigil.eventIngest.ingest([deposit('pn-unnamed', unnamed.id, 'Bob Jones')], 'test')).toMatchObject({ accepted: 1, rejected: [] });
    await vigil.monitor.drain();
    const data = await stored('pn-unnamed');
    expect(data).not.toHaveProperty('payerNameMatches');
    expect(JSON.stringify(data)).not.toContain('Bob');
    expect(await ruleIdsOf(unnamed.id)).not.toContain('payer_name_mismatch');
  });

  it('still compares for a customer with a name: initials agree, another person does not', async () => {
    const named = await vigil.database.transaction((trx) => vigil.customers.create(trx, { type: 'person', externalRef: 'named', country: 'DE', fullName: 'Jane Smith' }, 'test'));
    await vigil.eventIngest.ingest([deposit('pn-same', named.id, 'J SMITH'), deposit('pn-other', named.id, 'Bob Jones')], 'test');
    await vigil.monitor.drain();
    expect((await stored('pn-same'))['payerNameMatches']).toBe(true);
    expect((await stored('pn-other'))['payerNameMatches']).toBe(false);
    const alerts = await vigil.alerts.monitoring(vigil.database.db, { customerId: named.id, limit: 50 });
    expect(alerts.filter((a) => a.ruleId === 'payer_name_mismatch').map((a) => a.evidence)).toEqual([expect.arrayContaining(['pn-other'])]);
  });
});
