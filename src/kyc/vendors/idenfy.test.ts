import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  IDENFY_FAKE_CREDENTIALS,
  IDENFY_FAKE_SIGNING_KEY,
  idenfyWebhook,
  signedWebhook,
  startIdenfyFake,
  type IdenfyFake,
  type IdenfyResult,
} from '../../../test/fakes/idenfy-fake.js';
import { rejectionCode, thrownCode } from '../../../test/helpers/errors.js';
import { IdenfyAdapter, type IdenfyOptions } from './idenfy.js';

const HOUR = 3_600_000;

function adapter(baseUrl: string, overrides: Partial<IdenfyOptions> = {}): IdenfyAdapter {
  return new IdenfyAdapter({ baseUrl, ...IDENFY_FAKE_CREDENTIALS, webhookSecret: IDENFY_FAKE_SIGNING_KEY, timeoutMs: 2000, ...overrides });
}

describe('IdenfyAdapter.createVerification', () => {
  let fake: IdenfyFake;
  beforeEach(async () => {
    fake = await startIdenfyFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('creates a token and returns the redirect link', async () => {
    const before = Date.now();
    const created = await adapter(fake.url, { tokenExpirySeconds: 7200 }).createVerification({
      customerId: 'cus_1',
      firstName: 'Jane',
      lastName: 'Example',
      email: 'jane@example.com',
      country: 'LT',
      redirectUrl: 'https://app.example/done',
    });
    expect(created.vendor).toBe('idenfy');
    expect(created.vendorRef).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.verificationUrl).toMatch(new RegExp(`^${fake.url}/api/v2/redirect\\?authToken=[0-9a-f]{40}$`));
    expect(Date.parse(created.expiresAt ?? '') - before).toBeGreaterThanOrEqual(7_199_000);
    // Email and country are not sent: iDenfy has no prefill field for them.
    expect(fake.received).toEqual([
      {
        clientId: 'cus_1',
        tokenType: 'IDENTIFICATION',
        firstName: 'Jane',
        lastName: 'Example',
        expiryTime: 7200,
        successUrl: 'https://app.example/done',
        errorUrl: 'https://app.example/done',
        unverifiedUrl: 'https://app.example/done',
      },
    ]);
  });

  it('maps a 4xx for a body iDenfy refuses to KYC_VENDOR_REJECTED_REQUEST', async () => {
    expect(await rejectionCode(adapter(fake.url).createVerification({ customerId: 'cus_2', firstName: 'R2D2' }))).toBe('KYC_VENDOR_REJECTED_REQUEST');
  });

  it('maps a 401 for wrong credentials to KYC_VENDOR_REJECTED_REQUEST', async () => {
    expect(await rejectionCode(adapter(fake.url, { apiSecret: 'wrong' }).createVerification({ customerId: 'cus_3' }))).toBe('KYC_VENDOR_REJECTED_REQUEST');
  });

  it('maps a 5xx to KYC_VENDOR_UNAVAILABLE', async () => {
    fake.mode = 'fail';
    expect(await rejectionCode(adapter(fake.url).createVerification({ customerId: 'cus_4' }))).toBe('KYC_VENDOR_UNAVAILABLE');
  });

  it('maps a timeout to KYC_VENDOR_UNAVAILABLE', async () => {
    fake.mode = 'hang';
    expect(await rejectionCode(adapter(fake.url, { timeoutMs: 150 }).createVerification({ customerId: 'cus_5' }))).toBe('KYC_VENDOR_UNAVAILABLE');
  });

  it('maps a vendor that is down to KYC_VENDOR_UNAVAILABLE', async () => {
    const url = fake.url;
    await fake.close();
    expect(await rejectionCode(adapter(url).createVerification({ customerId: 'cus_6' }))).toBe('KYC_VENDOR_UNAVAILABLE');
  });
});

describe('IdenfyAdapter.parseWebhook', () => {
  const idenfy = adapter('http://127.0.0.1:9');
  const now = new Date();
  const nowSeconds = new Date(Math.floor(now.getTime() / 1000) * 1000);

  it.each<[string, IdenfyResult, string | null, string[]]>([
    ['APPROVED', { overall: 'APPROVED' }, 'approved', []],
    ['DENIED', { overall: 'DENIED', document: 'DOC_EXPIRED' }, 'rejected', ['IDENFY_DENIED_DOC_EXPIRED']],
    ['DENIED by face', { overall: 'DENIED', face: 'FACE_MISMATCH' }, 'rejected', ['IDENFY_DENIED_FACE_MISMATCH']],
    ['SUSPECTED', { overall: 'SUSPECTED', fraudTags: ['DUPLICATE_FACE'], mismatchTags: ['NAME'] }, 'rejected', ['IDENFY_SUSPECTED_DUPLICATE_FACE', 'IDENFY_SUSPECTED_NAME']],
    ['EXPIRED', { overall: 'EXPIRED', finishTime: null, document: null, face: null }, 'expired', []],
    ['REVIEWING', { overall: 'REVIEWING', final: false }, 'pending', []],
    ['a preliminary APPROVED (final=false)', { overall: 'APPROVED', final: false }, 'pending', []],
  ])('maps %s', (_name, result, outcome, codes) => {
    const event = idenfy.parseWebhook(signedWebhook(idenfyWebhook({ finishTime: nowSeconds, ...result })), now);
    expect(event).toMatchObject({ vendor: 'idenfy', type: result.overall, vendorRef: 'ec6a7108-8c26-11e9-9758-309c231b1bac', customerId: 'cus_123', outcome });
    expect(event.reasons.map((r) => r.code)).toEqual(codes);
    expect(event.reasons.every((r) => r.text.length > 0)).toBe(true);
  });

  it('dates the event by finishTime and returns none of the document data', () => {
    const event = idenfy.parseWebhook(signedWebhook(idenfyWebhook({ overall: 'APPROVED', finishTime: nowSeconds })), now);
    expect(event.occurredAt).toBe(nowSeconds.toISOString());
    expect(JSON.stringify(event)).not.toMatch(/JANE|EXAMPLE|192\.0\.2\.10/);
  });

  it('gives the same notification the same eventId', () => {
    const request = signedWebhook(idenfyWebhook({ overall: 'APPROVED', finishTime: nowSeconds }));
    expect(idenfy.parseWebhook(request, now).eventId).toBe(idenfy.parseWebhook(request, now).eventId);
    expect(idenfy.parseWebhook(request, now).eventId).toMatch(/^[0-9a-f]{64}$/);
  });

  const approved = () => signedWebhook(idenfyWebhook({ overall: 'APPROVED', finishTime: nowSeconds }));
  it.each([
    ['a wrong signature', () => signedWebhook(idenfyWebhook({ overall: 'APPROVED' }), 'other-key'), 'KYC_WEBHOOK_SIGNATURE_INVALID'],
    ['a missing signature header', () => ({ headers: { 'content-type': 'application/json' }, rawBody: approved().rawBody }), 'KYC_WEBHOOK_SIGNATURE_INVALID'],
    ['a body altered by one byte', () => {
      const r = approved();
      const altered = Buffer.from(r.rawBody);
      altered[5] = (altered[5] ?? 0) ^ 1;
      return { headers: r.headers, rawBody: altered };
    }, 'KYC_WEBHOOK_SIGNATURE_INVALID'],
    ['a stale notification', () => signedWebhook(idenfyWebhook({ overall: 'APPROVED', finishTime: new Date(now.getTime() - 25 * HOUR) })), 'KYC_WEBHOOK_STALE'],
    ['malformed JSON', () => signedWebhook(Buffer.from('{"final": tru')), 'KYC_WEBHOOK_MALFORMED'],
    ['a body without scanRef', () => signedWebhook({ ...idenfyWebhook({ overall: 'APPROVED' }), scanRef: undefined }), 'KYC_WEBHOOK_MALFORMED'],
    ['a body without status.overall', () => signedWebhook({ ...idenfyWebhook({ overall: 'APPROVED' }), status: {} }), 'KYC_WEBHOOK_MALFORMED'],
    ['a non-boolean final', () => signedWebhook({ ...idenfyWebhook({ overall: 'APPROVED' }), final: 'yes' }), 'KYC_WEBHOOK_MALFORMED'],
  ])('rejects %s', (_name, build, code) => {
    expect(thrownCode(() => idenfy.parseWebhook(build(), now))).toBe(code);
  });
});
