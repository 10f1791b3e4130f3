import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ONFIDO_FAKE_TOKEN,
  ONFIDO_FAKE_WEBHOOK_TOKEN,
  ONFIDO_FAKE_WORKFLOW_ID,
  checkCompleted,
  signedWebhook,
  startOnfidoFake,
  workflowRunCompleted,
  type OnfidoFake,
} from '../../../test/fakes/onfido-fake.js';
import { rejectionCode, thrownCode } from '../../../test/helpers/errors.js';
import { OnfidoAdapter, type OnfidoOptions } from './onfido.js';

const HOUR = 3_600_000;
const jane = { customerId: 'cus_1', firstName: 'Jane', lastName: 'Example' };

function adapter(baseUrl: string, overrides: Partial<OnfidoOptions> = {}): OnfidoAdapter {
  return new OnfidoAdapter({
    baseUrl,
    apiToken: ONFIDO_FAKE_TOKEN,
    webhookSecret: ONFIDO_FAKE_WEBHOOK_TOKEN,
    workflowId: ONFIDO_FAKE_WORKFLOW_ID,
    timeoutMs: 2000,
    ...overrides,
  });
}

describe('OnfidoAdapter.createVerification', () => {
  let fake: OnfidoFake;
  beforeEach(async () => {
    fake = await startOnfidoFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('creates an applicant and a workflow run and returns its hosted link', async () => {
    const created = await adapter(fake.url).createVerification({ ...jane, email: 'jane@example.com', redirectUrl: 'https://app.example/done' });
    expect(created.vendor).toBe('onfido');
    expect(created.vendorRef).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.verificationUrl).toMatch(/^https:\/\/eu\.onfido\.app\/l\//);
    expect(Date.parse(created.expiresAt ?? '')).toBeGreaterThan(Date.now());
    expect(fake.received.map((r) => r.path)).toEqual(['/v3.6/applicants', '/v3.6/workflow_runs']);
    expect(fake.received[0]?.body).toEqual({ first_name: 'Jane', last_name: 'Example', email: 'jane@example.com' });
    expect(fake.received[1]?.body).toMatchObject({
      workflow_id: ONFIDO_FAKE_WORKFLOW_ID,
      customer_user_id: 'cus_1',
      link: { completed_redirect_url: 'https://app.example/done', expired_redirect_url: 'https://app.example/done' },
    });
  });

  it('refuses before any call when a name is missing, since Onfido requires both', async () => {
    expect(await rejectionCode(adapter(fake.url).createVerification({ customerId: 'cus_2', firstName: 'Jane' }))).toBe('KYC_VERIFICATION_INPUT_INVALID');
    expect(fake.received).toEqual([]);
  });

  it('maps a 422 for an unknown workflow to KYC_VENDOR_REJECTED_REQUEST', async () => {
    expect(await rejectionCode(adapter(fake.url).createVerification({ ...jane, level: 'no-such-workflow' }))).toBe('KYC_VENDOR_REJECTED_REQUEST');
  });

  it('maps a 401 for a wrong token to KYC_VENDOR_REJECTED_REQUEST', async () => {
    expect(await rejectionCode(adapter(fake.url, { apiToken: 'api_sandbox.wrong' }).createVerification(jane))).toBe('KYC_VENDOR_REJECTED_REQUEST');
  });

  it('maps a 5xx to KYC_VENDOR_UNAVAILABLE', async () => {
    fake.mode = 'fail';
    expect(await rejectionCode(adapter(fake.url).createVerification(jane))).toBe('KYC_VENDOR_UNAVAILABLE');
  });

  it('maps a timeout to KYC_VENDOR_UNAVAILABLE', async () => {
    fake.mode = 'hang';
    expect(await rejectionCode(adapter(fake.url, { timeoutMs: 150 }).createVerification(jane))).toBe('KYC_VENDOR_UNAVAILABLE');
  });

  it('maps a vendor that is down to KYC_VENDOR_UNAVAILABLE', async () => {
    const url = fake.url;
    await fake.close();
    expect(await rejectionCode(adapter(url).createVerification(jane))).toBe('KYC_VENDOR_UNAVAILABLE');
  });
});

describe('OnfidoAdapter.parseWebhook', () => {
  const onfido = adapter('http://127.0.0.1:9');
  const now = new Date();

  it.each<[string, { reasons?: string[]; errorType?: string }, string, string[]]>([
    ['approved', {}, 'approved', []],
    ['declined', { reasons: ['document expired', 'face_mismatch'] }, 'rejected', ['ONFIDO_DECLINED_DOCUMENT_EXPIRED', 'ONFIDO_DECLINED_FACE_MISMATCH']],
    ['review', {}, 'pending', ['ONFIDO_REVIEW']],
    ['abandoned', {}, 'expired', ['ONFIDO_ABANDONED']],
    ['error', { errorType: 'timeout' }, 'resubmission_requested', ['ONFIDO_ERROR_TIMEOUT']],
  ])('maps workflow run status %s', (status, options, outcome, codes) => {
    const event = onfido.parseWebhook(signedWebhook(workflowRunCompleted(status, { ...options, completedAt: now })), now);
    expect(event).toMatchObject({ vendor: 'onfido', type: 'workflow_run.completed', vendorRef: 'c5b2e8c8-9d4a-4a8e-8f1e-3b2d0f6a7c11', customerId: 'cus_123', outcome });
    expect(event.reasons.map((r) => r.code)).toEqual(codes);
    expect(event.occurredAt).toBe(now.toISOString());
  });

  it.each([
    ['clear', 'approved', []],
    ['consider', 'rejected', ['ONFIDO_CHECK_CONSIDER']],
    [null, null, []],
  ] as const)('maps check result %s', (result, outcome, codes) => {
    const event = onfido.parseWebhook(signedWebhook(checkCompleted(result, now)), now);
    expect(event).toMatchObject({ type: 'check.completed', vendorRef: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', customerId: null, outcome });
    expect(event.reasons.map((r) => r.code)).toEqual(codes);
  });

  it('returns none of the workflow output, which holds personal data', () => {
    const event = onfido.parseWebhook(signedWebhook(workflowRunCompleted('approved', { completedAt: now })), now);
    expect(JSON.stringify(event)).not.toMatch(/Jane|Example/);
  });

  it('gives the same notification the same eventId', () => {
    const request = signedWebhook(workflowRunCompleted('approved', { completedAt: now }));
    expect(onfido.parseWebhook(request, now).eventId).toBe(onfido.parseWebhook(request, now).eventId);
  });

  const approved = () => signedWebhook(workflowRunCompleted('approved', { completedAt: now }));
  it.each([
    ['a wrong signature', () => signedWebhook(workflowRunCompleted('approved'), 'other-token'), 'KYC_WEBHOOK_SIGNATURE_INVALID'],
    ['a missing signature header', () => ({ headers: {}, rawBody: approved().rawBody }), 'KYC_WEBHOOK_SIGNATURE_INVALID'],
    ['a signature that is not hex', () => ({ headers: { 'x-sha2-signature': 'not-hex!' }, rawBody: approved().rawBody }), 'KYC_WEBHOOK_SIGNATURE_INVALID'],
    ['a body altered by one byte', () => {
      const r = approved();
      const altered = Buffer.from(r.rawBody);
      altered[20] = (altered[20] ?? 0) ^ 1;
      return { headers: r.headers, rawBody: altered };
    }, 'KYC_WEBHOOK_SIGNATURE_INVALID'],
    ['a stale notification', () => signedWebhook(workflowRunCompleted('approved', { completedAt: new Date(now.getTime() - 25 * HOUR) })), 'KYC_WEBHOOK_STALE'],
    ['a notification dated in the future', () => signedWebhook(workflowRunCompleted('approved', { completedAt: new Date(now.getTime() + HOUR) })), 'KYC_WEBHOOK_STALE'],
    ['malformed JSON', () => signedWebhook(Buffer.from('{"payload":')), 'KYC_WEBHOOK_MALFORMED'],
    ['a body without payload', () => signedWebhook({ resource_type: 'workflow_run' }), 'KYC_WEBHOOK_MALFORMED'],
    ['a body without object.id', () => signedWebhook({ payload: { resource_type: 'workflow_run', action: 'workflow_run.completed', object: { status: 'approved' } } }), 'KYC_WEBHOOK_MALFORMED'],
    ['a completed run without status', () => signedWebhook({ payload: { resource_type: 'workflow_run', action: 'workflow_run.completed', object: { id: 'x', href: '/x' } } }), 'KYC_WEBHOOK_MALFORMED'],
  ])('rejects %s', (_name, build, code) => {
    expect(thrownCode(() => onfido.parseWebhook(build(), now))).toBe(code);
  });
});
