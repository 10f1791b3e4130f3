import { request } from 'undici';
import { VigilError } from '../../core/errors.js';
import { IntelErrors } from '../../intel/errors.js';
import { maskPhone } from '../../intel/phone/phone.js';
import type { SmsSender } from './sms-sender.js';

/**
 * Twilio Programmable Messaging, as documented at twilio.com/docs/messaging/api/message-resource:
 * POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded To, Body and either
 * From or MessagingServiceSid, HTTP Basic auth AccountSid:AuthToken. Success is 201 with the
 * Message resource ({sid: "SM…", status, …}); errors are {code, message, more_info, status}.
 * Twilio's `message` is dropped from our errors because it quotes the number ("The 'To' number
 * +1… is not a valid phone number"); its numeric code says the same without the personal data.
 */
export interface TwilioSmsOptions {
  baseUrl?: string;
  accountSid: string;
  authToken: string;
  /** A Twilio number or alphanumeric sender ID; give this or messagingServiceSid, not both. */
  from?: string;
  /** "MG…": lets Twilio pick the sender from the service's pool. */
  messagingServiceSid?: string;
  timeoutMs: number;
}

export const TWILIO_DEFAULT_BASE_URL = 'https://api.twilio.com';

type FailureReason = 'timeout' | 'unreachable' | 'rejected' | 'provider_error' | 'response_invalid';

export class TwilioSmsSender implements SmsSender {
  readonly name = 'twilio';
  private readonly url: URL;
  private readonly authorization: string;

  constructor(private readonly options: TwilioSmsOptions) {
    if (!options.accountSid || !options.authToken) throw new Error('Twilio sender: accountSid and authToken are required');
    if (Boolean(options.from) === Boolean(options.messagingServiceSid)) {
      throw new Error('Twilio sender: give exactly one of from and messagingServiceSid');
    }
    const path = `/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
    this.url = new URL(path, options.baseUrl ?? TWILIO_DEFAULT_BASE_URL);
    this.authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  }

  async send(to: string, body: string): Promise<{ id: string }> {
    const form = this.form(to, body);
    let status: number;
    let text: string;
    try {
      const res = await request(this.url, {
        method: 'POST',
        headers: { authorization: this.authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw failure(timedOut ? 'timeout' : 'unreachable', to, {}, err);
    }
    const json = parseObject(text);
    if (status < 200 || status >= 300) {
      const reason = status >= 500 || status === 429 ? 'provider_error' : 'rejected';
      throw failure(reason, to, { status, twilioCode: typeof json?.code === 'number' ? json.code : null });
    }
    const sid = json?.sid;
    if (typeof sid !== 'string' || sid === '') throw failure('response_invalid', to, { status });
    return { id: sid };
  }

  private form(to: string, body: string): URLSearchParams {
    const form = new URLSearchParams({ To: to });
    if (this.options.messagingServiceSid) form.set('MessagingServiceSid', this.options.messagingServiceSid);
    else form.set('From', this.options.from ?? '');
    form.set('Body', body);
    return form;
  }
}

function failure(reason: FailureReason, to: string, context: Record<string, unknown>, cause?: unknown): VigilError {
  const code = typeof context.twilioCode === 'number' ? ` (Twilio error ${context.twilioCode})` : '';
  return new VigilError(
    IntelErrors.SMS_SEND_FAILED,
    `Twilio did not send the message: ${reason.replace('_', ' ')}${code}`,
    { provider: 'twilio', reason, to: maskPhone(to), ...context },
    { cause },
  );
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
