import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logSink } from '../../../test/helpers/log-sink.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers/app.js';
import { dialects } from '../../../test/helpers/targets.js';

const targets = await dialects();

const PLANTED = {
  fullName: 'Quintessa Plantagenet-Raw',
  email: 'quintessa.raw@planted-pii.net',
  phone: '+35799123456',
  birthDate: '1979-11-23',
  address: { line1: '77 Hiddenvalue Street', city: 'Limassol', postalCode: '3036', country: 'CY' },
};

describe.each(targets)('customers API on %s', (dialect) => {
  let t: TestApp;
  const { stream, lines: logs } = logSink();
  beforeAll(async () => {
    t = await testApp(dialect, { env: { VIGIL_LOG_LEVEL: 'trace' }, logDestination: stream });
  });
  afterAll(async () => t.close());

  const post = (url: string, payload: unknown, role: Parameters<TestApp['auth']>[0] = 'service') =>
    t.app.inject({ method: 'POST', url, payload: payload as object, headers: t.auth(role) });

  it('creates a customer, keeps its personal data out of every record but the vault, and decrypts it on request', async () => {
    const res = await post('/v1/customers', { type: 'person', externalRef: 'u-planted', country: 'CY', ...PLANTED });
    expect(res.statusCode).toBe(201);
    const created = res.json() as { id: string };
    const got = await t.app.inject({ url: `/v1/customers/${created.id}`, headers: t.auth('analyst') });
    expect(got.statusCode).toBe(200);
    expect(got.body).not.toContain('Quintessa');
    const byEmail = await t.app.inject({ url: `/v1/customers?email=${encodeURIComponent(PLANTED.email.toUpperCase())}`, headers: t.auth('service') });
    expect((byEmail.json() as { data: Array<{ id: string }> }).data.map((c) => c.id)).toEqual([created.id]);

    expect((await t.app.inject({ url: `/v1/customers/${created.id}/personal-data`, headers: t.auth('compliance_officer') })).statusCode).toBe(400);
    const pii = await t.app.inject({ url: `/v1/customers/${created.id}/personal-data?purpose=EDD%20review`, headers: t.auth('compliance_officer') });
    expect(pii.json()).toMatchObject({ data: { fullName: PLANTED.fullName, address: PLANTED.address } });
    const access = await t.vigil.vault.accessLog(created.id);
    expect(access[0]).toMatchObject({ purpose: 'EDD review', actor: `key:${t.tokens.compliance_officer.slice(6, 22)}` });
  });

  it('finds no planted personal data in the raw database files or the logs', async () => {
    await post('/v1/customers', { type: 'person', externalRef: 'u-planted-2', country: 'CY', ...PLANTED, email: 'second.' + PLANTED.email });
    const needles = [PLANTED.fullName, 'quintessa', 'Quintessa', 'planted-pii.test', '99123456', '1979-11-23', 'Hiddenvalue'];
    const haystacks = [logs.join('')];
    if (dialect === 'sqlite') {
      const dir = t.vigil.config.dataDir;
      for (const f of readdirSync(dir).filter((n) => /\.db(-wal)?$/.test(n))) haystacks.push(readFileSync(join(dir, f)).toString('latin1'));
      expect(haystacks.length).toBeGreaterThanOrEqual(3);
    }
    for (const h of haystacks) for (const n of needles) expect(h.includes(n), `found ${n}`).toBe(false);
  });

  it('answers a new customer as its initial risk score left it', async () => {
    // Iran: a sanctioned country, which policy puts at EDD.
    const res = await post('/v1/customers', { type: 'person', externalRef: 'u-iran', country: 'IR', fullName: 'Risk Level' });
    expect(res.statusCode).toBe(201);
    const created = res.json() as { id: string; riskLevel: string; version: number };
    const got = (await t.app.inject({ url: `/v1/customers/${created.id}`, headers: t.auth('analyst') })).json() as { riskLevel: string; version: number };
    expect(got.riskLevel).toBe('edd');
    expect([created.riskLevel, created.version]).toEqual([got.riskLevel, got.version]);
  });

  it('refuses malformed customers with clear problems', async () => {
    const bad = await post('/v1/customers', { type: 'person', externalRef: 'u-bad', country: 'DE', fullName: 'X', email: 'not-an-email' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    // Well-formed, yet no mail can reach it: refused as the sign-up gate refuses it, and nothing is created.
    for (const email of ['x@foo.invalid', 'x@host.localhost', 'x@corp.internal']) {
      const unreachable = await post('/v1/customers', { type: 'person', externalRef: 'u-unreachable', country: 'DE', fullName: 'X', email });
      expect(unreachable.json()).toMatchObject({ code: 'CUSTOMER_DATA_INVALID', status: 400 });
      expect(unreachable.json().detail).toContain('email');
    }
    expect((await t.app.inject({ url: '/v1/customers?externalRef=u-unreachable', headers: t.auth('analyst') })).json()).toMatchObject({ data: [] });
    const unknownCountry = await post('/v1/customers', { type: 'person', externalRef: 'u-bad2', country: 'XX', fullName: 'X' });
    expect(unknownCountry.json()).toMatchObject({ code: 'CUSTOMER_DATA_INVALID', status: 400 });
    const mixed = await post('/v1/customers', { type: 'company', externalRef: 'u-bad3', country: 'DE', legalName: 'X GmbH', registrationNumber: 'HRB 1', fullName: 'X' });
    expect(mixed.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const dup = await post('/v1/customers', { type: 'person', externalRef: 'u-planted', country: 'DE', fullName: 'X' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'CUSTOMER_EXISTS' });
  });

  it('changes status with a reason and answers entitlements with their decision', async () => {
    const c = (await post('/v1/customers', { type: 'person', externalRef: 'u-status', country: 'FR', fullName: 'Jeanne Statut' })).json() as { id: string };
    const before = (await t.app.inject({ url: `/v1/customers/${c.id}/entitlements`, headers: t.auth('service') })).json() as { entitlements: { order: boolean }; decision: { action: string } };
    expect(before).toMatchObject({ entitlements: { order: true }, decision: { action: 'limit' } });
    expect((await post(`/v1/customers/${c.id}/status`, { status: 'suspended', reason: { text: 'chargeback fraud' } })).statusCode).toBe(403);
    const res = await post(`/v1/customers/${c.id}/status`, { status: 'suspended', reason: { code: 'FRAUD_CHARGEBACKS', text: 'chargeback fraud' } }, 'compliance_officer');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ customer: { status: 'suspended' }, decision: { action: 'suspend', reasons: [{ code: 'FRAUD_CHARGEBACKS' }] } });
    const after = (await t.app.inject({ url: `/v1/customers/${c.id}/entitlements`, headers: t.auth('service') })).json() as { entitlements: { service: boolean }; decision: { action: string } };
    expect(after).toMatchObject({ entitlements: { service: false }, decision: { action: 'block' } });
    await post(`/v1/customers/${c.id}/status`, { status: 'offboarded', reason: { text: 'closing the account' } }, 'compliance_officer');
    const again = await post(`/v1/customers/${c.id}/status`, { status: 'verified', reason: { text: 'nope' } }, 'compliance_officer');
    expect(again.json()).toMatchObject({ code: 'CUSTOMER_STATUS_TRANSITION_INVALID', status: 409 });
  });

  it('lets an officer reinstate a valid verification but never verify anyone by hand', async () => {
    const c = (await post('/v1/customers', { type: 'person', externalRef: 'u-reinstate', country: 'FR', fullName: 'Jeanne Retour' })).json() as { id: string };
    const verify = () => post(`/v1/customers/${c.id}/status`, { status: 'verified', reason: { text: 'looks fine to me' } }, 'compliance_officer');
    const refused = await verify();
    expect(refused.json()).toMatchObject({ code: 'CUSTOMER_VERIFICATION_REQUIRED', status: 409, context: { customerId: c.id, verificationExpiresAt: null } });

    // Verified by a process (as a KYC pass does), then suspended and reinstated: the dates stay.
    const passed = await t.vigil.database.transaction((trx) => t.vigil.customers.transition(trx, c.id, { to: 'verified', reasons: [{ code: 'KYC_APPROVED', text: 'passed' }], trigger: 'review:test', actor: 'test' }));
    await post(`/v1/customers/${c.id}/status`, { status: 'suspended', reason: { text: 'chargeback under review' } }, 'compliance_officer');
    const back = await verify();
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ customer: { status: 'verified', verifiedAt: passed.customer.verifiedAt, verificationExpiresAt: passed.customer.verificationExpiresAt } });
  });

  it('adds a UBO to a company and lists it with the company', async () => {
    const co = (await post('/v1/customers', { type: 'company', externalRef: 'org-77', country: 'NL', legalName: 'Proxy BV', registrationNumber: '12345678' })).json() as { id: string };
    const ubo = await post(`/v1/customers/${co.id}/related-persons`, { role: 'ubo', ownershipPct: 51, country: 'NL', fullName: 'Pieter Eigenaar' });
    expect(ubo.statusCode).toBe(201);
    const got = (await t.app.inject({ url: `/v1/customers/${co.id}`, headers: t.auth('service') })).json() as { relatedPersons: Array<{ role: string }> };
    expect(got.relatedPersons.map((p) => p.role)).toEqual(['ubo']);
  });
});
