import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/helpers/clock.js';
import { dialects, testVigil } from '../../test/helpers/targets.js';
import type { Vigil } from '../app/composition.js';
import type { Executor } from '../db/executor.js';
import { KycScheduler } from './kyc-scheduler.js';
import type { NewCustomer } from './customers.service.js';

const targets = await dialects();
const DAY = 86_400_000;

const alice: NewCustomer = {
  type: 'person',
  externalRef: 'user-1001',
  country: 'DE',
  fullName: 'Alice Beispiel',
  email: 'alice@fjordmail.net',
  phone: '+4930123456',
  birthDate: '1990-05-17',
  address: 'Musterstraße 1, 10115 Berlin',
};

describe.each(targets)('customers on %s', (dialect) => {
  let vigil: Vigil;
  let clock: ManualClock;
  let close: () => Promise<void>;
  beforeEach(async () => {
    clock = new ManualClock(new Date('2026-03-01T12:00:00Z'));
    ({ vigil, close } = await testVigil(dialect, { clock }));
  });
  afterEach(async () => close());

  const tx = <T>(fn: (trx: Executor) => Promise<T>) => vigil.database.transaction(fn);
  const create = (input: NewCustomer = alice) => tx((trx) => vigil.customers.create(trx, input, 'test'));
  const move = (id: string, to: Parameters<Vigil['customers']['transition']>[2]['to'], trigger = 't') =>
    tx((trx) => vigil.customers.transition(trx, id, { to, reasons: [{ code: 'TEST', text: 'test' }], trigger, actor: 'test' }));

  it('creates a customer whose personal data lives only in the vault', async () => {
    const c = await create();
    expect(c).toMatchObject({ status: 'not_verified', type: 'person', country: 'DE', externalRef: 'user-1001', version: 1 });
    expect(JSON.stringify(c)).not.toContain('Alice');
    expect(await vigil.customers.personalData(c.id, { actor: 'test', purpose: 'test' })).toMatchObject({ fullName: 'Alice Beispiel', email: 'alice@fjordmail.net' });
    expect((await vigil.customers.findByEmail(vigil.database.db, 'ALICE@fjordmail.net')).map((x) => x.id)).toEqual([c.id]);
    const events = await vigil.events.list(vigil.database.db, { type: 'customer.created', limit: 5 });
    expect(JSON.stringify(events)).not.toContain('alice@');
  });

  it('refuses a second customer with the same external reference and bad data', async () => {
    const c = await create();
    await expect(create()).rejects.toMatchObject({ code: 'CUSTOMER_EXISTS', context: { customerId: c.id } });
    await expect(create({ ...alice, externalRef: 'x2', country: 'XX' })).rejects.toMatchObject({ code: 'CUSTOMER_DATA_INVALID' });
    await expect(create({ ...alice, externalRef: 'x3', birthDate: '2031-01-01' })).rejects.toMatchObject({ code: 'CUSTOMER_DATA_INVALID' });
    await expect(create({ ...alice, externalRef: 'x4', birthDate: '1990-02-30' })).rejects.toMatchObject({ code: 'CUSTOMER_DATA_INVALID' });
  });

  it('records every status change as a decision, audits it and emits the KYC events', async () => {
    const c = await create();
    const started = await move(c.id, 'pending');
    expect(started.decision).toMatchObject({ kind: 'customer.status', action: 'verify' });
    const passed = await move(c.id, 'verified');
    expect(passed.customer.verifiedAt).toBe(clock.now().toISOString());
    expect(passed.customer.verificationExpiresAt).toBe(new Date(clock.now().getTime() + 730 * DAY).toISOString());
    const types = (await vigil.events.list(vigil.database.db, { limit: 50 })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['kyc.started', 'kyc.passed', 'customer.status_changed']));
    const audit = await vigil.audit.list(vigil.database.db, { subject: `customer:${c.id}`, limit: 20 });
    expect(audit.filter((a) => a.action === 'customer.status_changed')).toHaveLength(2);
  });

  it('refuses transitions the status machine does not allow', async () => {
    const c = await create();
    await move(c.id, 'offboarded');
    await expect(move(c.id, 'verified')).rejects.toMatchObject({ code: 'CUSTOMER_STATUS_TRANSITION_INVALID' });
    await expect(move(c.id, 'offboarded')).rejects.toMatchObject({ code: 'CUSTOMER_STATUS_TRANSITION_INVALID' });
  });

  it('restricts a customer whose KYC deadline lapsed with risk factors, and only then', async () => {
    const risky = await create();
    const clean = await create({ ...alice, externalRef: 'user-1002' });
    for (const c of [risky, clean]) await tx((trx) => vigil.customers.requireKyc(trx, c.id, { code: 'ORDER_KYC_PRODUCT', text: 'ordered' }, 'test'));
    await tx((trx) => vigil.customers.addRiskFactors(trx, risky.id, ['SIGNUP_TOR'], 'test'));
    clock.advance(71 * 3_600_000);
    expect(await vigil.kycScheduler.runOnce()).toEqual({ restricted: 0, expired: 0 });
    clock.advance(2 * 3_600_000);
    expect(await vigil.kycScheduler.runOnce()).toEqual({ restricted: 1, expired: 0 });
    expect((await vigil.customers.get(vigil.database.db, risky.id)).status).toBe('restricted');
    expect((await vigil.customers.get(vigil.database.db, clean.id)).status).toBe('not_verified');
    expect(await vigil.kycScheduler.runOnce()).toEqual({ restricted: 0, expired: 0 });
  });

  it('expires a verification after two years and starts a new deadline', async () => {
    const c = await create();
    await move(c.id, 'verified');
    clock.advance(729 * DAY);
    expect((await vigil.kycScheduler.runOnce()).expired).toBe(0);
    clock.advance(2 * DAY);
    expect((await vigil.kycScheduler.runOnce()).expired).toBe(1);
    const after = await vigil.customers.get(vigil.database.db, c.id);
    expect(after).toMatchObject({ status: 'not_verified', verifiedAt: null, kycRequiredAt: clock.now().toISOString() });
    const e = await vigil.entitlements.get(c.id, 'test');
    expect(e.entitlements).toMatchObject({ kycRequired: true, renew: false, bindPaymentMethod: false });
    expect(e.decision.reasons.map((r) => r.code)).toContain('KYC_REQUIRED');
  });

  it('applies a time rule once when two schedulers race', async () => {
    const c = await create();
    await move(c.id, 'verified');
    clock.advance(731 * DAY);
    const other = new KycScheduler(vigil.database, vigil.customers, clock);
    const [a, b] = await Promise.all([vigil.kycScheduler.runOnce(), other.runOnce()]);
    expect(a.expired + b.expired).toBe(1);
    const changes = await vigil.audit.list(vigil.database.db, { subject: `customer:${c.id}`, action: 'customer.status_changed', limit: 10 });
    expect(changes).toHaveLength(2);
  });

  it('answers entitlements from status and policy, with one decision per state', async () => {
    const c = await create();
    const first = await vigil.entitlements.get(c.id, 'test');
    const again = await vigil.entitlements.get(c.id, 'test');
    expect(first.entitlements).toMatchObject({ order: true, bindPaymentMethod: false, service: true, kycRequired: false });
    expect(first.decision.action).toBe('limit');
    expect(again.decision.decisionId).toBe(first.decision.decisionId);
    await move(c.id, 'verified');
    // Every person verifies their phone before renewing (signup.verification.beforeRenewal).
    const phoneFirst = await vigil.entitlements.get(c.id, 'test');
    expect(phoneFirst.entitlements).toMatchObject({ order: true, renew: false });
    expect(phoneFirst.decision.reasons.map((r) => r.code)).toContain('PHONE_NOT_VERIFIED');
    await tx((trx) => vigil.customers.markContactVerified(trx, c.id, 'phone', 'test'));
    const verified = await vigil.entitlements.get(c.id, 'test');
    expect(verified.entitlements).toMatchObject({ bindPaymentMethod: true, poolSize: 100_000, renew: true });
    expect(verified.decision.action).toBe('allow');
    await move(c.id, 'suspended');
    const suspended = await vigil.entitlements.get(c.id, 'test');
    expect(suspended.entitlements).toMatchObject({ service: false, order: false });
    expect(suspended.decision.action).toBe('block');
  });

  it('keeps a company’s directors and beneficial owners as persons of their own', async () => {
    const acme = await create({ type: 'company', externalRef: 'org-1', country: 'GB', legalName: 'Acme Proxies Ltd', registrationNumber: '01234567' });
    const ubo = await tx((trx) => vigil.customers.addRelatedPerson(trx, acme.id, { role: 'ubo', ownershipPct: 60, country: 'GB', fullName: 'Owner One' }, 'test'));
    await tx((trx) => vigil.customers.addRelatedPerson(trx, acme.id, { role: 'director', country: 'GB', fullName: 'Director Two' }, 'test'));
    expect(ubo).toMatchObject({ type: 'person', parentId: acme.id, role: 'ubo', ownershipPct: 60, externalRef: null });
    expect((await vigil.customers.relatedPersons(vigil.database.db, acme.id)).map((p) => p.role).sort()).toEqual(['director', 'ubo']);
    await expect(tx((trx) => vigil.customers.addRelatedPerson(trx, acme.id, { role: 'ubo', ownershipPct: 25, country: 'GB', fullName: 'Small Holder' }, 'test'))).rejects.toMatchObject({
      code: 'CUSTOMER_DATA_INVALID',
    });
    await expect(tx((trx) => vigil.customers.addRelatedPerson(trx, ubo.id, { role: 'director', country: 'GB', fullName: 'X' }, 'test'))).rejects.toMatchObject({
      code: 'CUSTOMER_NOT_A_COMPANY',
    });
  });

  it('updates personal data and audits the field names only', async () => {
    const c = await create();
    const updated = await tx((trx) => vigil.customers.update(trx, c.id, { email: 'alice.new@fjordmail.net', country: 'AT' }, 'test'));
    expect(updated).toMatchObject({ country: 'AT', version: 2 });
    expect((await vigil.customers.personalData(c.id, { actor: 't', purpose: 't' })).email).toBe('alice.new@fjordmail.net');
    const [rec] = await vigil.audit.list(vigil.database.db, { subject: `customer:${c.id}`, action: 'customer.updated', limit: 1 });
    expect(JSON.parse(rec!.data)).toEqual({ changed: ['country', 'email'] });
  });
});
