/**
 * The seed policies' scenarios, walked through the HTTP API as an operator's backend would,
 * with Sumsub played by a local fake and time moved by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicantReviewed, signedWebhook, startSumsubFake, SUMSUB_FAKE_CREDENTIALS, SUMSUB_FAKE_WEBHOOK_SECRET, type SumsubFake } from '../fakes/sumsub-fake.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { ManualClock } from '../helpers/clock.js';
import { dialects } from '../helpers/targets.js';

const targets = await dialects();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface OrderAnswer {
  outcome: string;
  verificationUrl: string | null;
  order: { id: string; status: string; orderedAt: string; dueAt: string | null; extensionMs: number };
  decision: { action: string; reasons: Array<{ code: string }> };
}

describe.each(targets)('seed scenarios on %s', (dialect) => {
  let t: TestApp;
  let sumsub: SumsubFake;
  const clock = new ManualClock(new Date());
  beforeAll(async () => {
    sumsub = await startSumsubFake();
    t = await testApp(dialect, {
      clock,
      env: {
        VIGIL_SUMSUB_BASE_URL: sumsub.url,
        VIGIL_SUMSUB_APP_TOKEN: SUMSUB_FAKE_CREDENTIALS.appToken,
        VIGIL_SUMSUB_SECRET_KEY: SUMSUB_FAKE_CREDENTIALS.secretKey,
        VIGIL_SUMSUB_WEBHOOK_SECRET: SUMSUB_FAKE_WEBHOOK_SECRET,
      },
    });
    await call('POST', '/v1/products', { code: 'resi-proxy-30d', name: 'Residential proxies, 30 days', kycRequired: true, termDays: 30, category: 'residential_proxy' });
    await call('POST', '/v1/products', { code: 'resi-proxy-3y', name: 'Residential proxies, 3 years', kycRequired: true, termDays: 1095, category: 'residential_proxy' });
    await call('POST', '/v1/products', { code: 'dc-proxy-30d', name: 'Datacenter proxies, 30 days', kycRequired: false, termDays: 30 });
  });
  afterAll(async () => {
    await t.close();
    await sumsub.close();
  });

  async function call<T = Record<string, unknown>>(method: 'GET' | 'POST', url: string, payload?: unknown): Promise<T> {
    const res = await t.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }), headers: t.auth('service') });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json() as T;
  }
  const signUp = async (ref: string) => (await call<{ id: string }>('POST', '/v1/customers', { type: 'person', externalRef: ref, country: 'DE', fullName: 'Max Mustermann', email: `${ref}@fjordmail.net` })).id;
  const order = (customerId: string, product = 'resi-proxy-30d') => call<OrderAnswer>('POST', '/v1/orders', { customerId, product });
  const customer = (id: string) => call<{ status: string; verificationExpiresAt: string | null }>('GET', `/v1/customers/${id}`);
  const orderState = (id: string) => call<OrderAnswer['order']>('GET', `/v1/orders/${id}`);
  async function sumsubVerdict(customerId: string, answer: 'GREEN' | 'RED'): Promise<void> {
    const [v] = (await call<{ data: Array<{ vendorRef: string }> }>('GET', `/v1/customers/${customerId}/verifications`)).data;
    const body = { ...applicantReviewed({ answer, ...(answer === 'RED' ? { rejectType: 'FINAL' as const } : {}) }, clock.now()), applicantId: v!.vendorRef, externalUserId: customerId, correlationId: `req-${customerId}-${answer}` };
    const signed = signedWebhook(body);
    const res = await t.app.inject({ method: 'POST', url: '/v1/kyc/webhooks/sumsub', payload: signed.rawBody, headers: signed.headers });
    expect(res.statusCode, res.body).toBe(200);
  }
  const runScheduler = () => t.vigil.scheduler.runAll((job, err) => {
    throw new Error(`${job}: ${String(err)}`);
  });

  it('allows a product that needs no KYC at once', async () => {
    const id = await signUp('s-0');
    const a = await order(id, 'dc-proxy-30d');
    expect(a).toMatchObject({ outcome: 'allowed', order: { status: 'active' }, decision: { action: 'allow' }, verificationUrl: null });
  });

  it('KYC within 3 days: the held order is provisioned with its due date extended by the time KYC took', async () => {
    const id = await signUp('s-1');
    const a = await order(id);
    expect(a).toMatchObject({ outcome: 'kyc_required', order: { status: 'held', dueAt: null }, decision: { action: 'require_kyc' } });
    expect(a.verificationUrl).toMatch(/^https?:\/\//);
    expect((await customer(id)).status).toBe('pending');
    clock.advance(2 * DAY);
    await sumsubVerdict(id, 'GREEN');
    const o = await orderState(a.order.id);
    expect(o.status).toBe('active');
    expect(o.extensionMs).toBe(2 * DAY);
    expect(Date.parse(o.dueAt!)).toBe(Date.parse(a.order.orderedAt) + 30 * DAY + 2 * DAY);
  });

  it('no KYC for 3 days: the order runs suspended without extension, and resumes when KYC passes', async () => {
    const id = await signUp('s-2');
    const a = await order(id);
    clock.advance(3 * DAY + HOUR);
    await runScheduler();
    const suspended = await orderState(a.order.id);
    expect(suspended).toMatchObject({ status: 'suspended', extensionMs: 0 });
    expect(Date.parse(suspended.dueAt!)).toBe(Date.parse(a.order.orderedAt) + 30 * DAY);
    await sumsubVerdict(id, 'GREEN');
    const resumed = await orderState(a.order.id);
    expect(resumed).toMatchObject({ status: 'active', extensionMs: 0, dueAt: suspended.dueAt });
  });

  it('72 h without KYC and with risk factors: the customer is restricted and may not buy', async () => {
    const id = await signUp('s-3');
    await t.vigil.database.transaction((trx) => t.vigil.customers.addRiskFactors(trx, id, ['SIGNUP_VPN'], 'test'));
    await order(id);
    clock.advance(72 * HOUR + 1000);
    await runScheduler();
    expect((await customer(id)).status).toBe('restricted');
    const again = await order(id, 'dc-proxy-30d');
    expect(again).toMatchObject({ outcome: 'refused', order: { status: 'refused' }, decision: { action: 'block' } });
  });

  it('verification older than 2 years expires and renewals of KYC products are refused', async () => {
    const id = await signUp('s-4');
    // The phone is verified, as renewing needs: what is left to refuse the renewal is the lapsed KYC.
    await t.vigil.database.transaction((trx) => t.vigil.customers.markContactVerified(trx, id, 'phone', 'test'));
    const a = await order(id, 'resi-proxy-3y');
    await sumsubVerdict(id, 'GREEN');
    expect((await customer(id)).status).toBe('verified');
    clock.advance(731 * DAY);
    await runScheduler();
    expect((await customer(id)).status).toBe('not_verified');
    const renewal = await call<OrderAnswer>('POST', `/v1/orders/${a.order.id}/renew`);
    expect(renewal).toMatchObject({ outcome: 'kyc_required', order: { status: 'refused' }, decision: { action: 'require_kyc' } });
    const e = await call<{ entitlements: { renew: boolean; kycRequired: boolean } }>('GET', `/v1/customers/${id}/entitlements`);
    expect(e.entitlements).toMatchObject({ renew: false, kycRequired: true });
  });

  it('without a vendor the held order links to the hosted upload page', async () => {
    const plain = await testApp(dialect);
    try {
      await plain.app.inject({ method: 'POST', url: '/v1/products', payload: { code: 'kyc-product', name: 'KYC product', kycRequired: true, termDays: 30 }, headers: plain.auth('service') });
      const c = (await plain.app.inject({ method: 'POST', url: '/v1/customers', payload: { type: 'person', externalRef: 'nv-1', country: 'DE', fullName: 'No Vendor' }, headers: plain.auth('service') })).json() as { id: string };
      const a = (await plain.app.inject({ method: 'POST', url: '/v1/orders', payload: { customerId: c.id, product: 'kyc-product' }, headers: plain.auth('service') })).json() as OrderAnswer;
      expect(a.outcome).toBe('kyc_required');
      const page = await plain.app.inject({ url: new URL(a.verificationUrl!).pathname });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Upload a document');
    } finally {
      await plain.close();
    }
  });

  it('a rejected customer may not order', async () => {
    const id = await signUp('s-5');
    await order(id);
    await sumsubVerdict(id, 'RED');
    expect((await customer(id)).status).toBe('rejected');
    expect(await order(id, 'dc-proxy-30d')).toMatchObject({ outcome: 'refused' });
  });
});
