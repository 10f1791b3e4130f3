import { randomUUID } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer, type Json } from './fake-server.js';

/**
 * A local minFraud following dev.maxmind.com/minfraud/api-documentation: POST
 * /minfraud/v2.0/{score|insights|factors} with Basic auth (401 ACCOUNT_ID_REQUIRED /
 * LICENSE_KEY_REQUIRED / AUTHORIZATION_INVALID), 403 for a body over 20,000 bytes, 400
 * JSON_INVALID for a body that is not a JSON object, 400 REQUEST_INVALID when no input is
 * usable, 402 INSUFFICIENT_FUNDS once `fundsRemaining` is spent. Input problems the docs list as
 * warnings (IP_ADDRESS_INVALID, IP_ADDRESS_RESERVED, INPUT_INVALID, INPUT_UNKNOWN) come back in
 * `warnings` with a 200, as the current docs describe. The risk score is looked up by IP.
 */
export const MINFRAUD_FAKE_CREDENTIALS = { accountId: '123456', licenseKey: 'fake-license-key' };
export const MINFRAUD_FAKE_DEFAULT_SCORE = 0.5;

export type { FakeMode } from './fake-server.js';

/** mode 'fail' answers 503 without a body code, as MaxMind's front end does. */
export interface MinFraudFake extends FakeServer {
  /** Every request that reached the fake, valid or not. */
  received: Array<{ path: string; authorization: string | undefined; body: Json | null; raw: string }>;
  /** IP → risk_score (also used as ip_address.risk); unknown IPs score `defaultScore`. */
  scores: Map<string, number>;
  fundsRemaining: number;
}

export interface MinFraudFakeOptions {
  scores?: Record<string, number>;
  defaultScore?: number;
  fundsRemaining?: number;
  credentials?: typeof MINFRAUD_FAKE_CREDENTIALS;
}

const PATH = /^\/minfraud\/v2\.0\/(score|insights|factors)$/;
const PRICE = 0.005;
const MAX_BODY_BYTES = 20_000;
const KNOWN_KEYS = new Set(['device', 'event', 'account', 'email', 'billing', 'shipping', 'payment', 'credit_card', 'order', 'shopping_cart', 'custom_inputs']);
const EVENT_TYPES = new Set(['account_creation', 'account_login', 'email_change', 'password_reset', 'payout_change', 'purchase', 'recurring_purchase', 'referral', 'survey']);

export async function startMinFraudFake(options: MinFraudFakeOptions = {}): Promise<MinFraudFake> {
  const credentials = options.credentials ?? MINFRAUD_FAKE_CREDENTIALS;
  const record = (req: FakeRequest) =>
    fake.received.push({ path: req.path, authorization: req.headers.authorization, body: parseObject(req.body), raw: req.body });
  const route = (req: FakeRequest): FakeReply => {
    record(req);
    if (req.method !== 'POST' || !PATH.test(req.path)) return { status: 404, json: { error: 'Not found' } };
    const denied = checkAuth(req.headers.authorization, credentials);
    if (denied) return denied;
    if (Buffer.byteLength(req.body) > MAX_BODY_BYTES) return { status: 403, json: {} };
    const body = parseObject(req.body);
    if (!body) return error(400, 'JSON_INVALID', 'We cannot decode the body as a JSON object.');
    if (fake.fundsRemaining < PRICE) return error(402, 'INSUFFICIENT_FUNDS', 'You do not have sufficient funds to use this service.');
    const warnings = warningsFor(body);
    if (!Object.keys(body).some((key) => KNOWN_KEYS.has(key))) return error(400, 'REQUEST_INVALID', 'The request contains no valid input values.');
    fake.fundsRemaining = Math.round((fake.fundsRemaining - PRICE) * 1000) / 1000;
    return { status: 200, json: scoreBody(body, warnings, fake.scores.get(ipOf(body) ?? '') ?? options.defaultScore ?? MINFRAUD_FAKE_DEFAULT_SCORE, fake.fundsRemaining) };
  };
  const fail = (req: FakeRequest): FakeReply => {
    record(req);
    return { status: 503, json: {} };
  };
  const server = await startFakeServer({ route, fail });
  const fake: MinFraudFake = Object.assign(server, {
    received: [],
    scores: new Map(Object.entries(options.scores ?? {})),
    fundsRemaining: options.fundsRemaining ?? 10,
  });
  return fake;
}

function error(status: number, code: string, text: string): FakeReply {
  return { status, json: { code, error: text } };
}

function checkAuth(header: string | undefined, credentials: typeof MINFRAUD_FAKE_CREDENTIALS): FakeReply | null {
  const match = /^Basic (.+)$/i.exec(header ?? '');
  const decoded = match ? Buffer.from(match[1] ?? '', 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  const accountId = colon >= 0 ? decoded.slice(0, colon) : decoded;
  const licenseKey = colon >= 0 ? decoded.slice(colon + 1) : '';
  if (accountId === '') return error(401, 'ACCOUNT_ID_REQUIRED', 'You have not supplied a MaxMind account ID in the Authorization header.');
  if (licenseKey === '') return error(401, 'LICENSE_KEY_REQUIRED', 'You have not supplied a MaxMind license key in the Authorization header.');
  if (accountId !== credentials.accountId || licenseKey !== credentials.licenseKey) {
    return error(401, 'AUTHORIZATION_INVALID', 'You have supplied an invalid MaxMind account ID and/or license key in the Authorization header.');
  }
  return null;
}

function scoreBody(body: Json, warnings: Json[], score: number, funds: number): Json {
  const riskScore = Math.min(99, Math.max(0.01, score));
  // No IP intelligence for an IP the service could not use.
  const ipUsable = !warnings.some((w) => String(w.input_pointer) === '/device/ip_address');
  return {
    id: randomUUID(),
    risk_score: riskScore,
    funds_remaining: funds,
    queries_remaining: Math.floor(funds / PRICE),
    ...(ipUsable && ipOf(body) ? { ip_address: { risk: riskScore } } : {}),
    // Empty keys are left out of real answers, so warnings only appear when there are some.
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

function warningsFor(body: Json): Json[] {
  const warnings: Json[] = [];
  const warn = (code: string, pointer: string, text: string) => warnings.push({ code, warning: text, input_pointer: pointer });
  for (const key of Object.keys(body)) if (!KNOWN_KEYS.has(key)) warn('INPUT_UNKNOWN', `/${key}`, `Encountered unknown input at /${key}`);
  const ip = ipOf(body);
  if (ip !== null && !ipaddr.isValid(ip)) warn('IP_ADDRESS_INVALID', '/device/ip_address', 'The IP address supplied is not a valid IPv4 or IPv6 address.');
  else if (ip !== null && ipaddr.process(ip).range() !== 'unicast') warn('IP_ADDRESS_RESERVED', '/device/ip_address', 'The IP address supplied is in a reserved network.');
  const address = field(body, 'email', 'address');
  if (address !== undefined && !/^[0-9a-f]{32}$/.test(String(address)) && !/^[^@\s]+@[^@\s]+$/.test(String(address))) {
    warn('INPUT_INVALID', '/email/address', 'Encountered value at /email/address that does not meet the required constraints');
  }
  const eventType = field(body, 'event', 'type');
  if (eventType !== undefined && !EVENT_TYPES.has(String(eventType))) warn('INPUT_INVALID', '/event/type', 'Encountered value at /event/type that does not meet the required constraints');
  const country = field(body, 'billing', 'country');
  if (country !== undefined && !/^[A-Z]{2}$/.test(String(country))) warn('INPUT_INVALID', '/billing/country', 'Encountered value at /billing/country that does not meet the required constraints');
  return warnings;
}

function ipOf(body: Json): string | null {
  const ip = field(body, 'device', 'ip_address');
  return typeof ip === 'string' ? ip : null;
}

function field(body: Json, object: string, key: string): unknown {
  const inner = body[object];
  return typeof inner === 'object' && inner !== null ? (inner as Json)[key] : undefined;
}

function parseObject(text: string): Json | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
  } catch {
    return null;
  }
}
