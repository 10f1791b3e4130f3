import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  TWILIO_FAKE_CREDENTIALS,
  TWILIO_FAKE_FROM,
  TWILIO_FAKE_MESSAGING_SERVICE_SID,
  startTwilioFake,
  type TwilioFake,
} from '../../../test/fakes/twilio-fake.js';
import { isVigilError, type VigilError } from '../../core/errors.js';
import { TwilioSmsSender, type TwilioSmsOptions } from './twilio-sender.js';

async function rejection(promise: Promise<unknown>): Promise<VigilError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  if (!isVigilError(err)) throw new Error(`expected a VigilError, got ${String(err)}`);
  return err;
}

describe('TwilioSmsSender', () => {
  let fake: TwilioFake;
  const sender = (overrides: Partial<TwilioSmsOptions> = {}) =>
    new TwilioSmsSender({ baseUrl: fake.url, ...TWILIO_FAKE_CREDENTIALS, from: TWILIO_FAKE_FROM, timeoutMs: 2000, ...overrides });

  beforeEach(async () => {
    fake = await startTwilioFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('posts the documented form and returns the message sid', async () => {
    const { id } = await sender().send('+447400123456', 'Your Vigil code is 482913');
    expect(id).toMatch(/^SM[0-9a-f]{32}$/);
    expect(fake.messages).toEqual([{ sid: id, to: '+447400123456', from: TWILIO_FAKE_FROM, messagingServiceSid: null, body: 'Your Vigil code is 482913' }]);
    const [sent] = fake.received;
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe(`/2010-04-01/Accounts/${TWILIO_FAKE_CREDENTIALS.accountSid}/Messages.json`);
    expect(sent?.authorization).toBe(`Basic ${Buffer.from(`${TWILIO_FAKE_CREDENTIALS.accountSid}:fake-auth-token`).toString('base64')}`);
    expect(sent?.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(sent?.body))).toEqual({ To: '+447400123456', From: TWILIO_FAKE_FROM, Body: 'Your Vigil code is 482913' });
  });

  it('sends through a Messaging Service instead of a From number', async () => {
    await sender({ from: undefined, messagingServiceSid: TWILIO_FAKE_MESSAGING_SERVICE_SID }).send('+16502530000', 'code 123456');
    const form = new URLSearchParams(fake.received[0]?.body);
    expect(form.get('MessagingServiceSid')).toBe(TWILIO_FAKE_MESSAGING_SERVICE_SID);
    expect(form.has('From')).toBe(false);
    expect(fake.messages[0]?.messagingServiceSid).toBe(TWILIO_FAKE_MESSAGING_SERVICE_SID);
  });

  it.each([
    ['an invalid To', {}, '+447700900123', 400, 21211],
    ['a wrong auth token', { authToken: 'wrong' }, '+447400123456', 401, 20003],
  ])('maps %s to SMS_SEND_FAILED with the Twilio code and only the masked number', async (_name, overrides, to, status, twilioCode) => {
    const err = await rejection(sender(overrides).send(to, 'code 123456'));
    expect(err.code).toBe('SMS_SEND_FAILED');
    expect(err.kind).toBe('unavailable');
    expect(err.context).toMatchObject({ provider: 'twilio', reason: 'rejected', status, twilioCode, to: expect.stringMatching(/^\+44•+\d\d$/) });
    expect(`${err.message} ${JSON.stringify(err.context)}`).not.toContain(to.slice(3));
    expect(fake.messages).toHaveLength(0);
  });

  it('maps a Twilio 5xx to SMS_SEND_FAILED', async () => {
    fake.mode = 'fail';
    const err = await rejection(sender().send('+447400123456', 'code'));
    expect(err.context).toMatchObject({ reason: 'provider_error', status: 500, twilioCode: 20500 });
  });

  it('maps a timeout to SMS_SEND_FAILED', async () => {
    fake.mode = 'hang';
    const err = await rejection(sender({ timeoutMs: 200 }).send('+447400123456', 'code'));
    expect(err.code).toBe('SMS_SEND_FAILED');
    expect(err.context.reason).toBe('timeout');
  });

  it('maps an unreachable Twilio to SMS_SEND_FAILED', async () => {
    const url = fake.url;
    await fake.close();
    const err = await rejection(new TwilioSmsSender({ baseUrl: url, ...TWILIO_FAKE_CREDENTIALS, from: TWILIO_FAKE_FROM, timeoutMs: 2000 }).send('+447400123456', 'code'));
    expect(err.context.reason).toBe('unreachable');
  });

  it.each([
    ['neither from nor messagingServiceSid', { from: undefined }],
    ['both from and messagingServiceSid', { messagingServiceSid: TWILIO_FAKE_MESSAGING_SERVICE_SID }],
    ['an empty auth token', { authToken: '' }],
  ])('refuses to start with %s', (_name, overrides) => {
    expect(() => sender(overrides)).toThrow(/Twilio sender/);
  });
});
