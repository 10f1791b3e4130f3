import { randomBytes } from 'node:crypto';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer, type Json } from './fake-server.js';

/**
 * A local Twilio Messages API following twilio.com/docs/messaging/api/message-resource: POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json with Basic auth AccountSid:AuthToken (401 with
 * code 20003 otherwise; 404 with 20404 for another account), a form-encoded body with To, Body and
 * From or MessagingServiceSid (400 with 21604 / 21603 / 21602 when one is missing, 21617 for a
 * body over 1,600 characters, 21211 for a To that is not a valid number), and 201 with the
 * Message resource and a fresh "SM…" sid. Sent messages are kept so tests can read the code.
 */
export const TWILIO_FAKE_CREDENTIALS = { accountSid: `AC${'a1'.repeat(16)}`, authToken: 'fake-auth-token' };
export const TWILIO_FAKE_FROM = '+15005550006';
export const TWILIO_FAKE_MESSAGING_SERVICE_SID = `MG${'b2'.repeat(16)}`;

export type { FakeMode } from './fake-server.js';

export interface TwilioFakeMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
}

/** mode 'fail' answers 500 with Twilio's error shape (code 20500). */
export interface TwilioFake extends FakeServer {
  messages: TwilioFakeMessage[];
  /** Every request that reached the fake, with its raw body and Authorization header. */
  received: Array<{ method: string; path: string; authorization: string | undefined; contentType: string | undefined; body: string }>;
}

const MAX_BODY_CHARS = 1600;

export async function startTwilioFake(credentials = TWILIO_FAKE_CREDENTIALS): Promise<TwilioFake> {
  const messages: TwilioFakeMessage[] = [];
  const received: TwilioFake['received'] = [];
  const record = (req: FakeRequest) =>
    received.push({ method: req.method, path: req.path, authorization: req.headers.authorization, contentType: req.headers['content-type'], body: req.body });
  const route = (req: FakeRequest): FakeReply => {
    record(req);
    if (!authenticated(req.headers.authorization, credentials)) return error(401, 20003, 'Authenticate');
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.path);
    if (!match || req.method !== 'POST') return error(404, 20404, 'The requested resource was not found');
    if (match[1] !== credentials.accountSid) return error(404, 20404, `The requested resource /2010-04-01/Accounts/${match[1]}/Messages.json was not found`);
    return createMessage(formOf(req), credentials.accountSid, messages);
  };
  const fail = (req: FakeRequest): FakeReply => {
    record(req);
    return error(500, 20500, 'Internal Server Error');
  };
  const server = await startFakeServer({ route, fail });
  return Object.assign(server, { messages, received });
}

function error(status: number, code: number, message: string): FakeReply {
  return { status, json: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

function authenticated(header: string | undefined, credentials: typeof TWILIO_FAKE_CREDENTIALS): boolean {
  const match = /^Basic (.+)$/i.exec(header ?? '');
  const decoded = match ? Buffer.from(match[1] ?? '', 'base64').toString('utf8') : '';
  return decoded === `${credentials.accountSid}:${credentials.authToken}`;
}

/** Twilio reads parameters only from a form-encoded body; anything else arrives as no parameters. */
function formOf(req: FakeRequest): URLSearchParams {
  const type = req.headers['content-type'] ?? '';
  return type.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(req.body) : new URLSearchParams();
}

function createMessage(form: URLSearchParams, accountSid: string, messages: TwilioFakeMessage[]): FakeReply {
  const to = form.get('To');
  const from = form.get('From');
  const messagingServiceSid = form.get('MessagingServiceSid');
  const body = form.get('Body');
  if (!to) return error(400, 21604, "A 'To' phone number is required.");
  if (!from && !messagingServiceSid) return error(400, 21603, "A 'From' phone number is required.");
  if (!body) return error(400, 21602, 'Message body is required.');
  if (body.length > MAX_BODY_CHARS) return error(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
  if (!isValidPhoneNumber(to)) return error(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  const message: TwilioFakeMessage = { sid: `SM${randomBytes(16).toString('hex')}`, to, from, messagingServiceSid, body };
  messages.push(message);
  return { status: 201, json: resource(message, accountSid) };
}

function resource(message: TwilioFakeMessage, accountSid: string): Json {
  const now = new Date().toUTCString().replace('GMT', '+0000');
  return {
    sid: message.sid,
    account_sid: accountSid,
    to: message.to,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    body: message.body,
    // A message sent through a Messaging Service is "accepted" until a sender is picked.
    status: message.messagingServiceSid ? 'accepted' : 'queued',
    num_segments: message.messagingServiceSid ? '0' : '1',
    num_media: '0',
    direction: 'outbound-api',
    api_version: '2010-04-01',
    price: null,
    price_unit: 'USD',
    error_code: null,
    error_message: null,
    date_created: now,
    date_updated: now,
    date_sent: null,
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}.json`,
    subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}/Media.json` },
  };
}
