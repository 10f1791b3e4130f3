import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SUMSUB_FAKE_CREDENTIALS,
  applicantReviewed,
  signedWebhook,
  startSumsubFake,
  type SumsubFake,
} from '../../../test/fakes/sumsub-fake.js';
import { rejectionCode, thrownCode } from '../../../test/helpers/errors.js';
import { SumsubAdapter, type SumsubOptions } from './sumsub.js';

const HOUR = 3_600_000;

function adapter(baseUrl: string, overrides: Partial<SumsubOptions> = {}): SumsubAdapter {
  return new SumsubAdapter({ baseUrl, ...SUMSUB_FAKE_CREDENTIALS, webhookSecret: 'fake-webhook-secret', timeoutMs: 2000, ...overrides });
}

describe('SumsubAdapter.createVerification', () => {
  let fake: SumsubFake;
  beforeEach(async () => {
    fake = await startSumsubFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('creates an applicant and returns the signed WebSDK link', async () => {
    const before = Date.now();
    const created = await adapter(fake.url).createVerification({ customerId: 'cus_1', firstName: 'Jane', lastName: 'Example', redirectUrl: 'https://app.example/done' });
    expect(created.vendor).toBe('sumsub');
    expect(created.verificationUrl).toMatch(/^https:\/\/in\.sumsub\.com\/websdk\/p\//);
    expect(created.vendorRef).toMatch(/^[0-9a-f]{24}$/);
    expect(Date.parse(created.expiresAt ?? '') - before).toBeGreaterThanOrEqual(1_799_000);
    expect(fake.received.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /resources/applicants?levelName=basic-kyc-level',
      'POST /resources/sdkIntegrations/levels/-/websdkLink',
    ]);
    expect(fake.received[0]?.body).toEqual({ externalUserId: 'cus_1', fixedInfo: { firstName: 'Jane', lastName: 'Example' } });
    expect(fake.received[1]?.body).toEqual({
      levelName: 'basic-kyc-level',
      userId: 'cus_1',
      ttlInSecs: 1800,
      redirect: { successUrl: 'https://app.example/done', rejectUrl: 'https://app.example/done' },
    });
  });

  it('reuses the applicant when the customer verifies again', async () => {
    const sumsub = adapter(fake.url, { levelName: 'kyc-level' });
    const first = await sumsub.createVerification({ customerId: 'cus 2/ü' });
    const second = await sumsub.createVerification({ customerId: 'cus 2/ü' });
    expect(second.vendorRef).toBe(first.vendorRef);
    expect(fake.received.map((r) => r.method)).toEqual(['POST', 'POST', 'POST', 'GET', 'POST']);
  });

  it('sends the level from the input', async () => {
    await adapter(fake.url).createVerification({ customerId: 'cus_3', level: 'id and liveness' });
    expect(fake.received[0]?.path).toBe('/resources/applicants?levelName=id%20and%20liveness');
  });

  it.each([
    ['app token', { appToken: 'sbx:wrong' }],
    ['secret key', { secretKey: 'wrong-secret' }],
  ])('maps a 401 for a wrong %s to KYC_VENDOR_REJECTED_REQUEST', async (_what, overrides) => {
    expect(await rejectionCode(adapter(fake.url, overrides).createVerification({ customerId: 'cus_4' }))).toBe('KYC_VENDOR_REJECTED_REQUEST');
  });

  it('maps a 5xx to KYC_VENDOR_UNAVAILABLE', async () => {
    fake.mode = 'fail';
    expect(await rejectionCode(adapter(fake.url).createVerification({ customerId: 'cus_5' }))).toBe('KYC_VENDOR_UNAVAILABLE');
  });

  it('maps a timeout to KYC_VENDOR_UNAVAILABLE', async () => {
    fake.mode = 'hang';
    expect(await rejectionCode(adapter(fake.url, { timeoutMs: 150 }).createVerification({ customerId: 'cus_6' }))).toBe('KYC_VENDOR_UNAVAILABLE');
  });

  it('maps a vendor that is down to KYC_VENDOR_UNAVAILABLE', async () => {
    const url = fake.url;
    await fake.close();
    expect(await rejectionCode(adapter(url).createVerification({ customerId: 'cus_7' }))).toBe('KYC_VENDOR_UNAVAILABLE');
  });
});

describe('SumsubAdapter.parseWebhook', () => {
  const sumsub = adapter('http://127.0.0.1:9');
  const now = new Date();

  it.each([
    ['GREEN', { answer: 'GREEN' as const }, 'approved', []],
    ['RED + FINAL', { answer: 'RED' as const, rejectType: 'FINAL' as const, labels: ['FORGERY', 'SELFIE_MISMATCH'] }, 'rejected', ['SUMSUB_REJECT_FORGERY', 'SUMSUB_REJECT_SELFIE_MISMATCH']],
    ['RED + RETRY', { answer: 'RED' as const, rejectType: 'RETRY' as const, labels: ['LOW_QUALITY'] }, 'resubmission_requested', ['SUMSUB_RETRY_LOW_QUALITY']],
    ['RED without a type', { answer: 'RED' as const, labels: [] }, 'rejected', ['SUMSUB_REJECT_UNSPECIFIED']],
  ])('maps applicantReviewed %s', (_name, review, outcome, codes) => {
    const event = sumsub.parseWebhook(signedWebhook(applicantReviewed(review, now)), now);
    expect(event).toMatchObject({ vendor: 'sumsub', type: 'applicantReviewed', vendorRef: '5cb56e8e0a975a35f333cb83', customerId: 'cus_123', outcome });
    expect(event.reasons.map((r) => r.code)).toEqual(codes);
    expect(event.occurredAt).toBe(now.toISOString());
    expect(event.reasons.every((r) => r.text.length > 0)).toBe(true);
  });

  it('never returns the comments, which may hold personal data', () => {
    const event = sumsub.parseWebhook(signedWebhook(applicantReviewed({ answer: 'RED', rejectType: 'FINAL', labels: ['FORGERY'] }, now)), now);
    expect(JSON.stringify(event)).not.toMatch(/Jane|contact the Company/);
  });

  it.each(['HMAC_SHA1_HEX', 'HMAC_SHA256_HEX', 'HMAC_SHA512_HEX'] as const)('accepts a digest made with %s', (algorithm) => {
    expect(sumsub.parseWebhook(signedWebhook(applicantReviewed({ answer: 'GREEN' }, now), { algorithm }), now).outcome).toBe('approved');
  });

  it('defaults to SHA-256 when X-Payload-Digest-Alg is absent', () => {
    const { headers, rawBody } = signedWebhook(applicantReviewed({ answer: 'GREEN' }, now));
    delete headers['x-payload-digest-alg'];
    expect(sumsub.parseWebhook({ headers, rawBody }, now).outcome).toBe('approved');
  });

  it.each([
    ['applicantPending', 'pending'],
    ['applicantOnHold', 'pending'],
    ['applicantCreated', null],
  ])('maps %s to %s', (type, outcome) => {
    const body = { ...applicantReviewed({ answer: 'GREEN' }, now), type, reviewResult: undefined };
    expect(sumsub.parseWebhook(signedWebhook(body), now).outcome).toBe(outcome);
  });

  it('gives the same notification the same eventId, and another type another one', () => {
    const request = signedWebhook(applicantReviewed({ answer: 'GREEN' }, now));
    const first = sumsub.parseWebhook(request, now);
    expect(sumsub.parseWebhook(request, now).eventId).toBe(first.eventId);
    const other = sumsub.parseWebhook(signedWebhook({ ...applicantReviewed({ answer: 'GREEN' }, now), type: 'applicantPending' }), now);
    expect(other.eventId).not.toBe(first.eventId);
  });

  it('accepts a retry delivered 24 h 5 min after creation, as Sumsub schedules them', () => {
    const createdAt = new Date(now.getTime() - 24 * HOUR - 5 * 60_000);
    expect(sumsub.parseWebhook(signedWebhook(applicantReviewed({ answer: 'GREEN' }, createdAt)), now).outcome).toBe('approved');
  });

  const green = () => signedWebhook(applicantReviewed({ answer: 'GREEN' }, now));
  it.each([
    ['a wrong signature', () => signedWebhook(applicantReviewed({ answer: 'GREEN' }, now), { secret: 'other' }), 'KYC_WEBHOOK_SIGNATURE_INVALID'],
    ['a missing signature header', () => {
      const r = green();
      delete r.headers['x-payload-digest'];
      return r;
    }, 'KYC_WEBHOOK_SIGNATURE_INVALID'],
    ['a body altered by one byte', () => {
      const r = green();
      const altered = Buffer.from(r.rawBody);
      altered[altered.length - 2] = (altered[altered.length - 2] ?? 0) ^ 1;
      return { headers: r.headers, rawBody: altered };
    }, 'KYC_WEBHOOK_SIGNATURE_INVALID'],
    ['an unknown digest algorithm', () => ({ ...green(), headers: { ...green().headers, 'x-payload-digest-alg': 'MD5' } }), 'KYC_WEBHOOK_SIGNATURE_INVALID'],
    ['a stale notification', () => signedWebhook(applicantReviewed({ answer: 'GREEN' }, new Date(now.getTime() - 26 * HOUR))), 'KYC_WEBHOOK_STALE'],
    ['malformed JSON', () => signedWebhook(Buffer.from('{"type":"applicantReviewed",')), 'KYC_WEBHOOK_MALFORMED'],
    ['a JSON array', () => signedWebhook(Buffer.from('[]')), 'KYC_WEBHOOK_MALFORMED'],
    ['a body without applicantId', () => signedWebhook({ type: 'applicantReviewed', reviewResult: { reviewAnswer: 'GREEN' } }), 'KYC_WEBHOOK_MALFORMED'],
    ['applicantReviewed without a review answer', () => signedWebhook({ ...applicantReviewed({ answer: 'GREEN' }, now), reviewResult: {} }), 'KYC_WEBHOOK_MALFORMED'],
    ['an unreadable createdAtMs', () => signedWebhook({ ...applicantReviewed({ answer: 'GREEN' }, now), createdAtMs: 'yesterday' }), 'KYC_WEBHOOK_MALFORMED'],
  ])('rejects %s', (_name, build, code) => {
    expect(thrownCode(() => sumsub.parseWebhook(build(), now))).toBe(code);
  });
});
