import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwilioFake, TWILIO_FAKE_CREDENTIALS, TWILIO_FAKE_FROM, type TwilioFake } from '../fakes/twilio-fake.js';
import { ManualClock } from '../helpers/clock.js';
import { testApp, type TestApp } from '../helpers/app.js';
import { dialects } from '../helpers/targets.js';

const targets = await dialects();
const TOR_FIXTURE = resolve(import.meta.dirname, 'fixtures/tor-exits.txt');
const TOR_EXIT = '93.95.230.253';
const DATACENTER = '5.9.0.1'; // Hetzner, in the bundled X4BNet data-centre list as 5.9.0.0/16
const RESIDENTIAL = ['81.2.69.160', '86.150.12.34', '90.200.1.1', '2.96.5.5', '62.30.1.1', '82.132.200.1'];

/**
 * The sign-up gate's seed scenarios, through HTTP, on the bundled intel data (disposable-email
 * lists, X4BNet ranges, country ranges) plus a Tor exit excerpt, with SMS through a local Twilio fake.
 */
describe.each(targets)('sign-up gate on %s', (dialect) => {
  let t: TestApp;
  let twilio: TwilioFake;
  const clock = new ManualClock(new Date('2026-06-01T09:00:00Z'));
  let n = 0;
  const post = (url: string, payload: object, key = `k-${++n}`) => t.app.inject({ method: 'POST', url, headers: { ...t.auth('service'), 'idempotency-key': key }, payload });
  const signup = (body: Record<string, unknown>) => post('/v1/signups', { externalRef: `u-${++n}`, ...body });

  beforeAll(async () => {
    twilio = await startTwilioFake();
    const dir = (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'vigil-signup-'));
    const file = join(dir, 'vigil.config.yaml');
    writeFileSync(
      file,
      [
        'intel:',
        `  torFiles: [${JSON.stringify(TOR_FIXTURE)}]`,
        'sms:',
        '  provider: twilio',
        '  twilio:',
        `    baseUrl: ${twilio.url}`,
        `    accountSid: ${TWILIO_FAKE_CREDENTIALS.accountSid}`,
        `    authToken: ${TWILIO_FAKE_CREDENTIALS.authToken}`,
        `    from: "${TWILIO_FAKE_FROM}"`,
      ].join('\n'),
    );
    t = await testApp(dialect, { env: { VIGIL_CONFIG: file }, clock });
  });
  afterAll(async () => {
    await t.close();
    await twilio.close();
  });

  it('blocks a disposable-domain email outright, creating no customer', async () => {
    const res = await signup({ email: 'someone@mailinator.com', ip: RESIDENTIAL[0], declaredCountry: 'GB' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ action: 'block', customerId: null, reasons: [{ code: 'SIGNUP_DISPOSABLE_EMAIL' }] });
    expect(body.decisionId).toMatch(/^dec_/);
    // Subdomains of a listed domain are listed too.
    expect((await signup({ email: 'x@mx.mailinator.com', ip: RESIDENTIAL[0], declaredCountry: 'GB' })).json().action).toBe('block');
  });

  it('sends a Tor exit to KYC: no purchase until KYC passes', async () => {
    const res = await signup({ email: 'tor.user@lindenpost.org', ip: TOR_EXIT, declaredCountry: 'DE' });
    const body = res.json();
    expect(body.action).toBe('require_kyc');
    expect(body.reasons.map((r: { code: string }) => r.code)).toContain('SIGNUP_TOR');
    const ent = (await t.app.inject({ method: 'GET', url: `/v1/customers/${body.customerId}/entitlements`, headers: t.auth('service') })).json();
    expect(ent.entitlements).toMatchObject({ order: false, renew: false, kycRequired: true });
  });

  it('sends the third sign-up from one IP inside the window to KYC', async () => {
    const ip = RESIDENTIAL[1];
    const actions = [];
    // Two hours apart, so the count adds up counters of earlier time buckets of the 24-hour window.
    for (let i = 0; i < 3; i++) {
      if (i > 0) clock.advance(2 * 3_600_000);
      actions.push((await signup({ email: `person${i}@fjordmail.net`, ip, declaredCountry: 'GB' })).json());
    }
    expect(actions.map((a) => a.action)).toEqual(['allow', 'allow', 'require_kyc']);
    expect(actions[2].reasons).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'SIGNUP_VELOCITY_IP' })]));
    // The window slides: a day later the same IP starts over.
    clock.advance(25 * 3_600_000);
    expect((await signup({ email: 'later@fjordmail.net', ip, declaredCountry: 'GB' })).json().action).toBe('allow');
  });

  it('does not count the same account signing up again as another sign-up', async () => {
    const again = { externalRef: 'u-again', email: 'again.person@fjordmail.net', ip: '86.150.99.99', declaredCountry: 'GB' };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await post('/v1/signups', again)).json());
    expect(answers.map((a) => a.action)).toEqual(['allow', 'allow', 'allow']);
    const counts = (a: { signals: { velocity: Array<{ kind: string; count: number }> } }) => Object.fromEntries(a.signals.velocity.map((v) => [v.kind, v.count]));
    expect(answers.map(counts)).toEqual(Array.from({ length: 3 }, () => ({ ip: 1, network: 1, email: 1 })));
    // Another account from the same address is counted with it.
    expect(counts((await signup({ email: 'other.person@fjordmail.net', ip: '86.150.99.99', declaredCountry: 'GB' })).json())).toMatchObject({ ip: 2 });
  });

  it('raises the risk score for a data-centre IP and names the range', async () => {
    const body = (await signup({ email: 'dc@outlook.com', ip: DATACENTER, declaredCountry: 'DE' })).json();
    expect(body.riskScore).toBeGreaterThan(0);
    const reason = body.reasons.find((r: { code: string }) => r.code === 'SIGNUP_DATACENTER');
    expect(reason.text).toContain('5.9.0.0/16');
    expect(body.signals.ip.datacenter).toMatchObject({ range: '5.9.0.0/16', source: 'datacenter_ipv4.txt' });
  });

  it('scores a signed-up customer’s initial risk once, with the sign-up’s signals on them', async () => {
    const body = (await signup({ email: 'irs@outlook.com', phone: '+447400111222', ip: DATACENTER, declaredCountry: 'GB' })).json();
    const risk = (await t.app.inject({ method: 'GET', url: `/v1/customers/${body.customerId}/risk`, headers: t.auth('analyst') })).json();
    expect(risk.assessments).toHaveLength(1);
    expect(risk.assessments[0]).toMatchObject({ kind: 'irs', trigger: 'signup', seen: { ipCountry: 'DE', phoneCountry: 'GB' } });
  });

  it('refuses a sign-up sharing a device with an offboarded customer, and shows the link', async () => {
    const first = (await signup({ email: 'old@outlook.com', ip: RESIDENTIAL[2], deviceId: 'dev-77', declaredCountry: 'GB' })).json();
    await t.vigil.database.transaction((trx) => t.vigil.customers.transition(trx, first.customerId, { to: 'offboarded', reasons: [{ code: 'TEST', text: 'abuse' }], trigger: 'test', actor: 'test' }));
    const again = (await signup({ email: 'new.face@outlook.com', ip: RESIDENTIAL[3], deviceId: 'dev-77', declaredCountry: 'GB' })).json();
    expect(again).toMatchObject({ action: 'block', customerId: null });
    expect(again.reasons[0]).toMatchObject({ code: 'SIGNUP_LINKED_TO_BLOCKED' });
    // The offboarded customer signing up again under the same reference is refused, not re-opened.
    const firstRef = (await t.vigil.customers.get(t.vigil.database.db, first.customerId)).externalRef;
    const back = (await post('/v1/signups', { externalRef: firstRef, email: 'old@outlook.com', ip: RESIDENTIAL[2], declaredCountry: 'GB' })).json();
    expect(back).toMatchObject({ action: 'block', customerId: first.customerId, reasons: expect.arrayContaining([expect.objectContaining({ code: 'SIGNUP_EXISTING_CUSTOMER_BLOCKED' })]) });
    expect((await t.vigil.customers.get(t.vigil.database.db, first.customerId)).status).toBe('offboarded');
    // A sign-up linked to an active customer is a multi-account case: KYC first.
    const a = (await signup({ email: 'one@outlook.com', ip: RESIDENTIAL[4], paymentFingerprint: 'card-1', declaredCountry: 'GB' })).json();
    const b = (await signup({ email: 'two@outlook.com', ip: RESIDENTIAL[5], paymentFingerprint: 'card-1', declaredCountry: 'GB' })).json();
    expect(b.action).toBe('require_kyc');
    const graph = (await t.app.inject({ method: 'GET', url: `/v1/customers/${b.customerId}/links`, headers: t.auth('analyst') })).json();
    expect(graph.nodes).toEqual([expect.objectContaining({ customerId: a.customerId, shared: ['payment'], depth: 1 })]);
    expect(JSON.stringify(graph)).not.toContain('card-1');
  });

  it('allows a clean residential sign-up pending email and SMS verification', async () => {
    const body = (await signup({ email: 'Jane.Doe+shop@gmail.com', phone: '+44 7400 123456', ip: RESIDENTIAL[5], userAgent: 'Mozilla/5.0', declaredCountry: 'GB' })).json();
    expect(body).toMatchObject({ action: 'allow', reasons: [{ code: 'SIGNUP_CLEAN' }], riskScore: 0 });
    const id = body.customerId as string;
    const entitlements = async () => (await t.app.inject({ method: 'GET', url: `/v1/customers/${id}/entitlements`, headers: t.auth('service') })).json();
    expect((await entitlements()).entitlements.order).toBe(false);
    const link = (await post(`/v1/customers/${id}/verifications/email`, {})).json();
    // Opening the link (a mail scanner, a preview, HEAD) spends and verifies nothing: its button does.
    const path = new URL(link.url).pathname;
    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post"');
    expect((await t.app.inject({ method: 'HEAD', url: path })).statusCode).toBe(200);
    expect((await t.vigil.customers.get(t.vigil.database.db, id)).emailVerifiedAt).toBeNull();
    const pressed = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(pressed.statusCode).toBe(200);
    expect(pressed.body).toContain('Email address verified');
    expect((await t.vigil.customers.get(t.vigil.database.db, id)).emailVerifiedAt).not.toBeNull();
    const sms = await post(`/v1/customers/${id}/verifications/sms`, {});
    expect(sms.statusCode).toBe(201);
    const sent = twilio.messages.at(-1)!;
    expect(sent.to).toBe('+447400123456');
    const code = /\b(\d{6})\b/.exec(sent.body)![1]!;
    expect((await post(`/v1/customers/${id}/verifications/sms/confirm`, { code })).json()).toMatchObject({ verified: true });
    expect((await entitlements()).entitlements.order).toBe(true);
  });

  it('refuses wrong codes, expired, reused and forged links with distinct problems, verifying nothing', async () => {
    const body = (await signup({ email: 'codes@outlook.com', phone: '+447400654321', ip: RESIDENTIAL[0], declaredCountry: 'GB' })).json();
    const id = body.customerId as string;
    expect((await post(`/v1/customers/${id}/verifications/sms`, {})).statusCode).toBe(201);
    const again = await post(`/v1/customers/${id}/verifications/sms`, {});
    expect(again.statusCode).toBe(429);
    expect(again.json().code).toBe('VERIFICATION_RESEND_TOO_SOON');
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    const code = /\b(\d{6})\b/.exec(twilio.messages.at(-1)!.body)![1]!;
    const wrong = code === '000000' ? '111111' : '000000';
    const tries = [];
    for (let i = 0; i < 5; i++) tries.push(await post(`/v1/customers/${id}/verifications/sms/confirm`, { code: wrong }));
    expect(tries.map((r) => r.statusCode)).toEqual([422, 422, 422, 422, 429]);
    expect(tries[0]!.headers['content-type']).toContain('application/problem+json');
    expect(tries.map((r) => r.json().code)).toEqual(['VERIFICATION_CODE_WRONG', 'VERIFICATION_CODE_WRONG', 'VERIFICATION_CODE_WRONG', 'VERIFICATION_CODE_WRONG', 'VERIFICATION_TOO_MANY_ATTEMPTS']);
    // Even the right code is refused now.
    const late = await post(`/v1/customers/${id}/verifications/sms/confirm`, { code });
    expect(late.json().code).toBe('VERIFICATION_TOO_MANY_ATTEMPTS');

    const link = (await post(`/v1/customers/${id}/verifications/email`, {})).json();
    const forged = await post('/v1/verifications/email/confirm', { token: `${link.token.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA` });
    expect(forged.json().code).toBe('VERIFICATION_LINK_INVALID');
    clock.advance(25 * 3_600_000);
    const expired = await post('/v1/verifications/email/confirm', { token: link.token });
    expect([expired.statusCode, expired.json().code]).toEqual([422, 'VERIFICATION_LINK_EXPIRED']);
    const fresh = (await post(`/v1/customers/${id}/verifications/email`, {})).json();
    expect((await post('/v1/verifications/email/confirm', { token: fresh.token })).statusCode).toBe(200);
    const reused = await post('/v1/verifications/email/confirm', { token: fresh.token });
    expect([reused.statusCode, reused.json().code]).toEqual([409, 'VERIFICATION_LINK_USED']);
    // The page the customer's click lands on says it once, in a sentence.
    const page = await t.app.inject({ url: `/verify/email/${fresh.token}` });
    expect(page.statusCode).toBe(409);
    expect(page.body).toMatch(/>The verification link was used on \d{4}-\d\d-\d\dT[^<]*\.</);
    expect(page.body).not.toMatch(/used already/);
    const c = await t.vigil.customers.get(t.vigil.database.db, id);
    expect(c.phoneVerifiedAt).toBeNull();
  });

  it('verifies nothing with a link or code sent before the email address or phone number changed', async () => {
    const id = (await signup({ email: 'before@outlook.com', phone: '+447400765432', ip: RESIDENTIAL[0], declaredCountry: 'GB' })).json().customerId as string;
    const link = (await post(`/v1/customers/${id}/verifications/email`, {})).json();
    expect((await post(`/v1/customers/${id}/verifications/sms`, {})).statusCode).toBe(201);
    const code = /\b(\d{6})\b/.exec(twilio.messages.at(-1)!.body)![1]!;
    const patch = (payload: object) => t.app.inject({ method: 'PATCH', url: `/v1/customers/${id}`, headers: { ...t.auth('service'), 'idempotency-key': `k-${++n}` }, payload });
    // An address no mail reaches is refused on a change as on a sign-up, and changes nothing.
    expect((await patch({ email: 'after@mail.invalid' })).json()).toMatchObject({ code: 'CUSTOMER_DATA_INVALID', status: 400 });
    const patched = await patch({ email: 'after@outlook.com', phone: '+447400765499' });
    expect(patched.statusCode).toBe(200);
    const byLink = await post('/v1/verifications/email/confirm', { token: link.token });
    expect([byLink.statusCode, byLink.json().code]).toEqual([409, 'VERIFICATION_CONTACT_CHANGED']);
    expect((await t.app.inject({ url: new URL(link.url).pathname })).statusCode).toBe(409);
    const byCode = await post(`/v1/customers/${id}/verifications/sms/confirm`, { code });
    expect([byCode.statusCode, byCode.json().code]).toEqual([409, 'VERIFICATION_CONTACT_CHANGED']);
    const c = await t.vigil.customers.get(t.vigil.database.db, id);
    expect([c.emailVerifiedAt, c.phoneVerifiedAt]).toEqual([null, null]);
  });

  it('sends one code however many requests come at once, and says when the hour allows another', async () => {
    const id = (await signup({ email: 'burst@outlook.com', phone: '+447400765400', ip: RESIDENTIAL[0], declaredCountry: 'GB' })).json().customerId as string;
    const before = twilio.messages.length;
    const burst = await Promise.all(Array.from({ length: 8 }, () => post(`/v1/customers/${id}/verifications/sms`, {})));
    expect(burst.map((r) => r.statusCode).sort()).toEqual([201, 429, 429, 429, 429, 429, 429, 429]);
    expect(twilio.messages.length - before).toBe(1);
    // Four more, a resend interval apart, make five this hour: the sixth waits for the first to leave the hour.
    for (let i = 0; i < 4; i++) {
      clock.advance(61_000);
      expect((await post(`/v1/customers/${id}/verifications/sms`, {})).statusCode).toBe(201);
    }
    clock.advance(61_000);
    const sixth = await post(`/v1/customers/${id}/verifications/sms`, {});
    expect(sixth.json()).toMatchObject({ code: 'VERIFICATION_RESEND_TOO_SOON', context: { retryAfterSeconds: 3600 - 5 * 61 } });
    expect(sixth.headers['retry-after']).toBe(String(3600 - 5 * 61));
  });

  it('reads a declared UK as GB, the United Kingdom’s code, so a British IP is no mismatch', async () => {
    const res = (await signup({ email: 'brit.typed.uk@outlook.com', ip: RESIDENTIAL[0], declaredCountry: 'uk' })).json();
    expect(res.reasons.map((r: { code: string }) => r.code)).not.toContain('SIGNUP_COUNTRY_MISMATCH');
    expect(res.signals.declaredCountry).toBe('GB');
    expect((await t.vigil.customers.get(t.vigil.database.db, res.customerId)).country).toBe('GB');
  });

  it('answers concurrent first sign-ups of one account without a server error', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => post('/v1/signups', { externalRef: 'u-race', email: `race${i}@outlook.com`, ip: RESIDENTIAL[3], declaredCountry: 'GB' })));
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(statuses).toContain(200);
    for (const r of answers.filter((a) => a.statusCode === 409)) expect(r.json().code).toBe('CUSTOMER_CHANGED_CONCURRENTLY');
  });

  it('makes a verify verdict wait for both contacts, and says when the risk level requires KYC', async () => {
    // A verify signal (data-centre IP) on its own: the risk level stays low, the contacts hold the order.
    const relaxed = (await signup({ email: 'dc.verify@outlook.com', ip: DATACENTER, declaredCountry: 'DE' })).json();
    expect(relaxed.action).toBe('verify');
    const c = await t.vigil.customers.get(t.vigil.database.db, relaxed.customerId);
    expect(c.contactChecks).toEqual(['email', 'phone']);
    const shown = (await t.app.inject({ method: 'GET', url: `/v1/customers/${relaxed.customerId}`, headers: t.auth('service') })).json();
    expect(shown).toMatchObject({ contactChecks: ['email', 'phone'], emailVerifiedAt: null, phoneVerifiedAt: null });
    // A country mismatch is a verify signal too, but the initial risk score it adds up to is a
    // level whose measures require KYC: the answer says so instead of verify.
    const mismatch = (await signup({ email: 'far.away@outlook.com', ip: RESIDENTIAL[1], declaredCountry: 'FR' })).json();
    expect(mismatch.action).toBe('require_kyc');
    expect(mismatch.reasons.map((r: { code: string }) => r.code)).toEqual(['SIGNUP_COUNTRY_MISMATCH', 'SIGNUP_RISK_LEVEL_KYC']);
    const decision = (await t.app.inject({ method: 'GET', url: `/v1/decisions/${mismatch.decisionId}`, headers: t.auth('analyst') })).json();
    expect(decision).toMatchObject({ action: 'require_kyc' });
    const ent = (await t.app.inject({ method: 'GET', url: `/v1/customers/${mismatch.customerId}/entitlements`, headers: t.auth('service') })).json();
    expect(ent.entitlements).toMatchObject({ order: false, kycRequired: true });
  });

  it.each([
    ['x@foo.invalid', 'domain_special_use'],
    ['x@host.localhost', 'domain_special_use'],
    ['x@mail.test', 'domain_special_use'],
    ['x@example.com', 'domain_special_use'],
    ['a@b.c', 'domain_unknown_tld'],
  ])('refuses %j, on a domain no mail reaches, with the MX check off (%s), creating no customer', async (email, reason) => {
    const externalRef = `tld-${++n}`;
    const res = await post('/v1/signups', { externalRef, email, ip: RESIDENTIAL[0], declaredCountry: 'GB' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INTEL_EMAIL_INVALID', context: { reason, domain: email.slice(2) } });
    expect(await t.vigil.customers.findByExternalRef(t.vigil.database.db, externalRef)).toBeUndefined();
  });

  it('names the country an invalid phone number points to', async () => {
    const res = await signup({ email: 'drama@outlook.com', phone: '+44 7700 900123', ip: RESIDENTIAL[0], declaredCountry: 'GB' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INTEL_PHONE_INVALID', context: { reason: 'invalid_for_country', country: 'GB', phone: '+44••••••••23' } });
  });

  it.each([
    [{ email: 'not-an-email', ip: RESIDENTIAL[0] }, 'INTEL_EMAIL_INVALID'],
    [{ email: 'a@outlook.com', ip: '300.1.2.3' }, 'INTEL_IP_INVALID'],
    [{ email: 'a@outlook.com', ip: RESIDENTIAL[0], phone: '+44 12' }, 'INTEL_PHONE_INVALID'],
    [{ email: `${'x'.repeat(300)}@outlook.com`, ip: RESIDENTIAL[0] }, 'VALIDATION_FAILED'],
    [{ email: 'a@outlook.com', ip: '10.0.0.1' }, 'SIGNUP_IP_NOT_PUBLIC'],
    [{ email: 'a@outlook.com', ip: '2a10::1' }, 'SIGNUP_COUNTRY_UNKNOWN'],
    [{ email: 'a@outlook.com', ip: '192.168.1.1', declaredCountry: 'GB' }, 'SIGNUP_IP_NOT_PUBLIC'],
    [{ email: 'a@outlook.com', ip: '::1', declaredCountry: 'GB' }, 'SIGNUP_IP_NOT_PUBLIC'],
    [{ email: 'a@outlook.com', ip: RESIDENTIAL[0], declaredCountry: 'EU' }, 'CUSTOMER_DATA_INVALID'],
    [{ email: 'a@outlook.com', ip: RESIDENTIAL[0], phone: '+1 800 555 0199' }, 'INTEL_PHONE_INVALID'],
  ])('answers bad input %j with %s', async (input, code) => {
    const res = await signup(input);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
  });
});
