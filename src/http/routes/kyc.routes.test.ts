import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idenfyWebhook, signedWebhook as signIdenfy, startIdenfyFake, IDENFY_FAKE_CREDENTIALS, IDENFY_FAKE_SIGNING_KEY, type IdenfyFake } from '../../../test/fakes/idenfy-fake.js';
import { applicantReviewed, signedWebhook as signSumsub, startSumsubFake, SUMSUB_FAKE_CREDENTIALS, SUMSUB_FAKE_WEBHOOK_SECRET, type SumsubFake } from '../../../test/fakes/sumsub-fake.js';
import { testApp, type TestApp } from '../../../test/helpers/app.js';
import { dialects } from '../../../test/helpers/targets.js';

const targets = await dialects();

describe.each(targets)('vendor verification through the API on %s', (dialect) => {
  let t: TestApp;
  let sumsub: SumsubFake;
  let idenfy: IdenfyFake;
  beforeAll(async () => {
    sumsub = await startSumsubFake();
    idenfy = await startIdenfyFake();
    t = await testApp(dialect, {
      env: {
        VIGIL_KYC_DEFAULT_VENDOR: 'sumsub',
        VIGIL_SUMSUB_BASE_URL: sumsub.url,
        VIGIL_SUMSUB_APP_TOKEN: SUMSUB_FAKE_CREDENTIALS.appToken,
        VIGIL_SUMSUB_SECRET_KEY: SUMSUB_FAKE_CREDENTIALS.secretKey,
        VIGIL_SUMSUB_WEBHOOK_SECRET: SUMSUB_FAKE_WEBHOOK_SECRET,
        VIGIL_IDENFY_BASE_URL: idenfy.url,
        VIGIL_IDENFY_API_KEY: IDENFY_FAKE_CREDENTIALS.apiKey,
        VIGIL_IDENFY_API_SECRET: IDENFY_FAKE_CREDENTIALS.apiSecret,
        VIGIL_IDENFY_WEBHOOK_SECRET: IDENFY_FAKE_SIGNING_KEY,
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await sumsub.close();
    await idenfy.close();
  });

  async function customer(ref: string): Promise<string> {
    const res = await t.app.inject({ method: 'POST', url: '/v1/customers', payload: { type: 'person', externalRef: ref, country: 'LT', fullName: 'Jane Marie Example', email: `${ref}@fjordmail.net` }, headers: t.auth('service') });
    return (res.json() as { id: string }).id;
  }
  async function open(id: string, vendor?: string) {
    const res = await t.app.inject({ method: 'POST', url: `/v1/customers/${id}/verifications`, payload: vendor ? { vendor } : {}, headers: t.auth('service') });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; vendorRef: string; verificationUrl: string; method: string };
  }
  const status = async (id: string) => ((await t.app.inject({ url: `/v1/customers/${id}`, headers: t.auth('service') })).json() as { status: string }).status;
  const deliver = (vendor: string, signed: { headers: Record<string, string>; rawBody: Buffer }) =>
    t.app.inject({ method: 'POST', url: `/v1/kyc/webhooks/${vendor}`, payload: signed.rawBody, headers: signed.headers });

  it('opens a Sumsub verification, sends only names and e-mail, and marks the customer pending', async () => {
    const id = await customer('kyc-1');
    const v = await open(id);
    expect(v).toMatchObject({ method: 'sumsub', verificationUrl: expect.stringMatching(/^https?:\/\//) });
    expect(await status(id)).toBe('pending');
    const sent = sumsub.received.find((r) => r.path.startsWith('/resources/applicants'))!.body!;
    expect(sent).toMatchObject({ externalUserId: id, email: 'kyc-1@fjordmail.net', fixedInfo: { firstName: 'Jane Marie', lastName: 'Example' } });
    expect((await t.vigil.vault.accessLog(id))[0]!.purpose).toBe('identity verification with sumsub');
  });

  it('verifies the customer on a GREEN webhook, once, however often it is delivered', async () => {
    const id = await customer('kyc-2');
    const v = await open(id);
    const body = { ...applicantReviewed({ answer: 'GREEN' }), applicantId: v.vendorRef, externalUserId: id, correlationId: 'req-green-1' };
    const first = await deliver('sumsub', signSumsub(body));
    expect(first.json()).toMatchObject({ received: true, duplicate: false, verificationId: v.id, outcome: 'approved' });
    const again = await deliver('sumsub', signSumsub(body));
    expect(again.json()).toMatchObject({ duplicate: true });
    expect(await status(id)).toBe('verified');
    const decisions = (await t.app.inject({ url: `/v1/decisions?subject=customer:${id}`, headers: t.auth('auditor') })).json() as { data: Array<{ action: string; kind: string }> };
    expect(decisions.data.filter((d) => d.kind === 'customer.status').map((d) => d.action)).toEqual(['approve', 'verify']);
  });

  it('rejects on RED FINAL with the vendor’s labels as reasons', async () => {
    const id = await customer('kyc-3');
    const v = await open(id);
    const body = { ...applicantReviewed({ answer: 'RED', rejectType: 'FINAL', labels: ['FORGERY'] }), applicantId: v.vendorRef, externalUserId: id, correlationId: 'req-red-1' };
    await deliver('sumsub', signSumsub(body));
    expect(await status(id)).toBe('rejected');
    const decisions = (await t.app.inject({ url: `/v1/decisions?subject=customer:${id}`, headers: t.auth('auditor') })).json() as { data: Array<{ action: string; reasons: Array<{ code: string }> }> };
    expect(decisions.data[0]!.reasons.map((r) => r.code)).toContain('SUMSUB_REJECT_FORGERY');
  });

  it('refuses webhooks with a wrong signature, a stale date or a malformed body, and changes nothing', async () => {
    const id = await customer('kyc-4');
    const v = await open(id);
    const body = { ...applicantReviewed({ answer: 'GREEN' }), applicantId: v.vendorRef, externalUserId: id, correlationId: 'req-bad' };
    const forged = await deliver('sumsub', signSumsub(body, { secret: 'not-the-secret' }));
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({ code: 'KYC_WEBHOOK_SIGNATURE_INVALID' });
    const tampered = signSumsub(body);
    tampered.rawBody = Buffer.from(tampered.rawBody.toString().replace('GREEN', 'GREEM'));
    expect((await deliver('sumsub', tampered)).json()).toMatchObject({ code: 'KYC_WEBHOOK_SIGNATURE_INVALID' });
    const old = { ...applicantReviewed({ answer: 'GREEN' }, new Date(Date.now() - 3 * 86_400_000)), applicantId: v.vendorRef, correlationId: 'req-old' };
    expect((await deliver('sumsub', signSumsub(old))).json()).toMatchObject({ code: 'KYC_WEBHOOK_STALE', status: 401 });
    expect((await deliver('sumsub', signSumsub(Buffer.from('{"type":')))).json()).toMatchObject({ code: 'KYC_WEBHOOK_MALFORMED', status: 400 });
    expect((await deliver('onfido', signSumsub(body))).json()).toMatchObject({ code: 'KYC_VENDOR_NOT_CONFIGURED', status: 404 });
    expect(await status(id)).toBe('pending');
  });

  it('rejects on an iDenfy DENIED callback', async () => {
    const id = await customer('kyc-5');
    const v = await open(id, 'idenfy');
    expect(v.method).toBe('idenfy');
    const body = { ...idenfyWebhook({ overall: 'DENIED', document: 'DOC_EXPIRED' }), scanRef: v.vendorRef, clientId: id };
    const res = await deliver('idenfy', signIdenfy(body));
    expect(res.json()).toMatchObject({ outcome: 'rejected', duplicate: false });
    expect(await status(id)).toBe('rejected');
  });

  it('answers a vendor outage with a problem and leaves the customer as it was', async () => {
    const id = await customer('kyc-6');
    sumsub.mode = 'fail';
    try {
      const res = await t.app.inject({ method: 'POST', url: `/v1/customers/${id}/verifications`, payload: {}, headers: t.auth('service') });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'KYC_VENDOR_UNAVAILABLE' });
      expect(await status(id)).toBe('not_verified');
    } finally {
      sumsub.mode = 'normal';
    }
  });
});
