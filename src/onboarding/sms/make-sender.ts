import type { Config } from '../../config/schema.js';
import { ConsoleSmsSender } from './console-sender.js';
import type { SmsSender } from './sms-sender.js';
import { TwilioSmsSender } from './twilio-sender.js';

/** The configured SMS sender: Twilio when chosen (and configured), else the console. */
export function makeSmsSender(config: Config['sms']): SmsSender {
  if (config.provider !== 'twilio') return new ConsoleSmsSender();
  const t = config.twilio;
  if (!t) throw new Error('sms.provider is twilio but sms.twilio (accountSid, authToken, from or messagingServiceSid) is not configured');
  return new TwilioSmsSender({
    baseUrl: t.baseUrl,
    accountSid: t.accountSid,
    authToken: t.authToken,
    timeoutMs: t.timeoutMs,
    ...(t.from ? { from: t.from } : {}),
    ...(t.messagingServiceSid ? { messagingServiceSid: t.messagingServiceSid } : {}),
  });
}
