import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINFRAUD_FAKE_CREDENTIALS, startMinFraudFake, type MinFraudFake } from '../../../test/fakes/minfraud-fake.js';
import { rejectionCode } from '../../../test/helpers/errors.js';
import { isVigilError, type VigilError } from '../../core/errors.js';
import { MinFraudClient, hashEmail, type MinFraudOptions } from './minfraud-client.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

async function rejection(promise: Promise<unknown>): Promise<VigilError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  if (!isVigilError(err)) throw new Error(`expected a VigilError, got ${String(err)}`);
  return err;
}

describe('MinFraudClient', () => {
  let fake: MinFraudFake;
  const clock = { t: 0 };
  const client = (overrides: Partial<MinFraudOptions> = {}) =>
    new MinFraudClient({
      baseUrl: fake.url,
      ...MINFRAUD_FAKE_CREDENTIALS,
      service: 'score',
      timeoutMs: 2000,
      breaker: { failures: 2, cooldownMs: 60_000 },
      now: () => clock.t,
      ...overrides,
    });

  beforeEach(async () => {
    clock.t = Date.parse('2026-01-01T00:00:00Z');
    fake = await startMinFraudFake({ scores: { '81.2.69.160': 12.5 } });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('sends the documented request and reads the score', async () => {
    const result = await client().assess({
      ip: '81.2.69.160',
      userAgent: 'Mozilla/5.0',
      acceptLanguage: 'en-GB',
      email: 'Jane.Doe@Example.com',
      billingCountry: 'gb',
      userId: 'cus_1',
    });
    expect(result).toEqual({ riskScore: 12.5, ipRisk: 12.5, id: expect.stringMatching(/^[0-9a-f-]{36}$/), warnings: [] });
    const [sent] = fake.received;
    expect(sent?.path).toBe('/minfraud/v2.0/score');
    expect(sent?.authorization).toBe(`Basic ${Buffer.from('123456:fake-license-key').toString('base64')}`);
    expect(sent?.body).toEqual({
      device: { ip_address: '81.2.69.160', user_agent: 'Mozilla/5.0', accept_language: 'en-GB' },
      event: { type: 'account_creation' },
      email: { address: md5('jane.doe@example.com'), domain: 'example.com' },
      billing: { country: 'GB' },
      account: { user_id: 'cus_1' },
    });
    expect(sent?.raw.toLowerCase()).not.toContain('jane');
  });

  it('calls the insights endpoint and scores unknown IPs with the default', async () => {
    const result = await client({ service: 'insights' }).assess({ ip: '8.8.8.8' });
    expect(fake.received[0]?.path).toBe('/minfraud/v2.0/insights');
    expect(result.riskScore).toBe(0.5);
  });

  it('passes warnings through and reports no IP risk for a reserved IP', async () => {
    const result = await client().assess({ ip: '10.1.2.3' });
    expect(result.ipRisk).toBeNull();
    expect(result.warnings).toEqual([{ code: 'IP_ADDRESS_RESERVED', warning: expect.any(String) }]);
  });

  it('sends the event time only when one is given', async () => {
    await client().assess({ ip: '81.2.69.160', occurredAt: new Date('2025-12-31T23:00:00Z'), eventType: 'account_login' });
    expect(fake.received[0]?.body?.event).toEqual({ type: 'account_login', time: '2025-12-31T23:00:00.000Z' });
  });

  it.each([
    ['a wrong license key', { licenseKey: 'wrong' }, () => undefined, 401, 'AUTHORIZATION_INVALID'],
    ['an empty account', {}, (f: MinFraudFake) => (f.fundsRemaining = 0), 402, 'INSUFFICIENT_FUNDS'],
  ])('maps %s to INTEL_PROVIDER_FAILED with the vendor code', async (_name, overrides, arrange, status, vendorCode) => {
    arrange(fake);
    const err = await rejection(client(overrides).assess({ ip: '81.2.69.160' }));
    expect(err.code).toBe('INTEL_PROVIDER_FAILED');
    expect(err.context).toMatchObject({ provider: 'minfraud', reason: 'rejected', status, vendorCode });
  });

  it('does not let refused requests open the breaker', async () => {
    const refused = client({ licenseKey: 'wrong' });
    for (let i = 0; i < 4; i++) expect(await rejectionCode(refused.assess({ ip: '81.2.69.160' }))).toBe('INTEL_PROVIDER_FAILED');
    expect(fake.received).toHaveLength(4);
  });

  it.each([
    ['an invalid IP', { ip: '999.1.1.1' }, 'INTEL_IP_INVALID'],
    ['an invalid email', { ip: '81.2.69.160', email: 'no-at-sign' }, 'INTEL_EMAIL_INVALID'],
  ])('rejects %s locally without calling minFraud', async (_name, input, code) => {
    expect(await rejectionCode(client().assess(input))).toBe(code);
    expect(fake.received).toHaveLength(0);
  });

  it('maps a timeout to INTEL_PROVIDER_FAILED', async () => {
    fake.mode = 'hang';
    const err = await rejection(client({ timeoutMs: 200 }).assess({ ip: '81.2.69.160' }));
    expect(err.code).toBe('INTEL_PROVIDER_FAILED');
    expect(err.context.reason).toBe('timeout');
  });

  it('maps a 5xx without a body code to INTEL_PROVIDER_FAILED', async () => {
    fake.mode = 'fail';
    const err = await rejection(client().assess({ ip: '81.2.69.160' }));
    expect(err.context).toMatchObject({ reason: 'server_error', status: 503, vendorCode: null });
  });

  it('opens the breaker after consecutive failures and fails fast without calling minFraud', async () => {
    fake.mode = 'fail';
    const minfraud = client();
    for (let i = 0; i < 2; i++) expect(await rejectionCode(minfraud.assess({ ip: '81.2.69.160' }))).toBe('INTEL_PROVIDER_FAILED');
    fake.mode = 'normal';
    const err = await rejection(minfraud.assess({ ip: '81.2.69.160' }));
    expect(err.code).toBe('INTEL_PROVIDER_CIRCUIT_OPEN');
    expect(err.context.retryAt).toBe('2026-01-01T00:01:00.000Z');
    expect(fake.received).toHaveLength(2);
  });

  it('closes the breaker again when the trial call after the cooldown succeeds', async () => {
    fake.mode = 'fail';
    const minfraud = client();
    for (let i = 0; i < 2; i++) await minfraud.assess({ ip: '81.2.69.160' }).catch(() => undefined);
    fake.mode = 'normal';
    clock.t += 59_999;
    expect(await rejectionCode(minfraud.assess({ ip: '81.2.69.160' }))).toBe('INTEL_PROVIDER_CIRCUIT_OPEN');
    clock.t += 1;
    expect((await minfraud.assess({ ip: '81.2.69.160' })).riskScore).toBe(12.5);
    expect((await minfraud.assess({ ip: '8.8.8.8' })).riskScore).toBe(0.5);
    expect(fake.received).toHaveLength(4);
  });

  it('maps an unreachable minFraud to INTEL_PROVIDER_FAILED', async () => {
    const url = fake.url;
    await fake.close();
    const err = await rejection(client({ baseUrl: url }).assess({ ip: '81.2.69.160' }));
    expect(err.code).toBe('INTEL_PROVIDER_FAILED');
    expect(err.context.reason).toBe('unreachable');
  });
});

describe('hashEmail', () => {
  it.each([
    ['lower-cases and trims', '  Jane@Example.COM ', 'jane@example.com', 'example.com'],
    ['drops a +tag', 'jane+promo@example.com', 'jane@example.com', 'example.com'],
    ['drops Gmail dots and maps googlemail.com', 'j.a.n.e@googlemail.com', 'jane@gmail.com', 'gmail.com'],
    ['strips trailing dots from the domain', 'jane@example.com..', 'jane@example.com', 'example.com'],
    ['sends an IDN domain as punycode', 'jane@bücher.de', 'jane@xn--bcher-kva.de', 'xn--bcher-kva.de'],
  ])('%s', (_name, email, normalised, domain) => {
    expect(hashEmail(email)).toEqual({ address: md5(normalised), domain });
  });

  it.each(['', 'jane', '@example.com', 'jane@'])('rejects %j', (email) => {
    expect(() => hashEmail(email)).toThrow(expect.objectContaining({ code: 'INTEL_EMAIL_INVALID' }));
  });
});
