import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { request } from 'undici';
import { VigilError, isVigilError } from '../../core/errors.js';
import { IntelErrors } from '../errors.js';
import { CircuitBreaker, CircuitOpenError } from './circuit-breaker.js';

/**
 * MaxMind minFraud Score / Insights, as documented at dev.maxmind.com/minfraud/api-documentation:
 * POST {base}/minfraud/v2.0/{score|insights} with HTTP Basic auth (account ID : license key) and
 * a JSON body; 200 answers {id, risk_score 0.01–99, funds_remaining, queries_remaining,
 * ip_address.risk, warnings[]}; errors are 4xx/5xx, usually with a JSON {code, error}.
 * The email never leaves in clear: it is normalised and sent as its MD5 (as MaxMind's own clients
 * do when asked to hash) beside its domain. Vendor error texts are dropped, as they can quote
 * the input (an IP, say); only the vendor's code is kept.
 */
export interface MinFraudOptions {
  baseUrl?: string;
  accountId: string;
  licenseKey: string;
  service: 'score' | 'insights';
  timeoutMs: number;
  breaker: { failures: number; cooldownMs: number };
  now?: () => number;
}

/** The event types minFraud documents for request field event.type. */
export type MinFraudEventType =
  | 'account_creation'
  | 'account_login'
  | 'email_change'
  | 'password_reset'
  | 'payout_change'
  | 'purchase'
  | 'recurring_purchase'
  | 'referral'
  | 'survey';

export interface MinFraudInput {
  /** Default 'account_creation', the onboarding event. */
  eventType?: MinFraudEventType;
  ip: string;
  userAgent?: string;
  acceptLanguage?: string;
  email?: string;
  /** ISO 3166-1 alpha-2. */
  billingCountry?: string;
  userId?: string;
  /** Only for scoring past events; live events leave it out, as MaxMind advises. */
  occurredAt?: Date;
}

export interface MinFraudResult {
  riskScore: number;
  ipRisk: number | null;
  id: string;
  warnings: Array<{ code: string; warning: string }>;
}

/** Why a call failed. Only `rejected` (a 4xx other than 429) leaves the breaker alone. */
type FailureReason = 'timeout' | 'unreachable' | 'server_error' | 'rate_limited' | 'rejected' | 'response_invalid';

export const MINFRAUD_DEFAULT_BASE_URL = 'https://minfraud.maxmind.com';
const MAX_USER_AGENT = 512;
const MAX_ACCEPT_LANGUAGE = 255;

export class MinFraudClient {
  private readonly breaker: CircuitBreaker;
  private readonly url: URL;
  private readonly authorization: string;

  constructor(private readonly options: MinFraudOptions) {
    if (!options.accountId || !options.licenseKey) throw new Error('minFraud client: accountId and licenseKey are required');
    this.url = new URL(`/minfraud/v2.0/${options.service}`, options.baseUrl ?? MINFRAUD_DEFAULT_BASE_URL);
    this.authorization = `Basic ${Buffer.from(`${options.accountId}:${options.licenseKey}`).toString('base64')}`;
    this.breaker = new CircuitBreaker({
      ...options.breaker,
      now: options.now,
      countsAsFailure: (err) => !(isVigilError(err) && err.context.reason === 'rejected'),
    });
  }

  /** Throws INTEL_IP_INVALID / INTEL_EMAIL_INVALID before any call, so bad input never trips the breaker. */
  async assess(input: MinFraudInput): Promise<MinFraudResult> {
    const body = JSON.stringify(requestBody(input));
    try {
      return await this.breaker.execute(() => this.post(body));
    } catch (err) {
      if (!(err instanceof CircuitOpenError)) throw err;
      throw new VigilError(IntelErrors.INTEL_PROVIDER_CIRCUIT_OPEN, 'minFraud is paused after repeated failures', {
        provider: 'minfraud',
        retryAt: new Date(err.retryAt).toISOString(),
      });
    }
  }

  private async post(body: string): Promise<MinFraudResult> {
    let status: number;
    let text: string;
    try {
      const res = await request(this.url, {
        method: 'POST',
        headers: { authorization: this.authorization, 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw this.failure(timedOut ? 'timeout' : 'unreachable', {}, err);
    }
    const json = parseObject(text);
    if (status >= 200 && status < 300) return this.result(json, status);
    const vendorCode = typeof json?.code === 'string' ? json.code : null;
    throw this.failure(failureReason(status), { status, vendorCode });
  }

  private result(json: Record<string, unknown> | null, status: number): MinFraudResult {
    const riskScore = json?.risk_score;
    const id = json?.id;
    if (typeof riskScore !== 'number' || typeof id !== 'string') throw this.failure('response_invalid', { status });
    const ip = asRecord(json?.ip_address);
    return { riskScore, ipRisk: typeof ip?.risk === 'number' ? ip.risk : null, id, warnings: warningsOf(json?.warnings) };
  }

  private failure(reason: FailureReason, context: Record<string, unknown>, cause?: unknown): VigilError {
    const message = `minFraud ${this.options.service} failed: ${reason.replace('_', ' ')}`;
    return new VigilError(IntelErrors.INTEL_PROVIDER_FAILED, message, { provider: 'minfraud', service: this.options.service, reason, ...context }, { cause });
  }
}

function failureReason(status: number): FailureReason {
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return status >= 400 ? 'rejected' : 'response_invalid';
}

function requestBody(input: MinFraudInput): Record<string, unknown> {
  if (isIP(input.ip) === 0) throw new VigilError(IntelErrors.INTEL_IP_INVALID, 'The IP address is not valid', {});
  const device = {
    ip_address: input.ip,
    ...(input.userAgent ? { user_agent: input.userAgent.slice(0, MAX_USER_AGENT) } : {}),
    ...(input.acceptLanguage ? { accept_language: input.acceptLanguage.slice(0, MAX_ACCEPT_LANGUAGE) } : {}),
  };
  return {
    device,
    event: { type: input.eventType ?? 'account_creation', ...(input.occurredAt ? { time: input.occurredAt.toISOString() } : {}) },
    ...(input.email ? { email: hashEmail(input.email) } : {}),
    ...(input.billingCountry ? { billing: { country: input.billingCountry.trim().toUpperCase() } } : {}),
    ...(input.userId ? { account: { user_id: input.userId } } : {}),
  };
}

/**
 * The email as minFraud wants it hashed: trimmed and lower-cased, local part NFC, domain without
 * trailing dots and in ASCII (punycode), a "+tag" removed, Gmail's dots removed (Gmail ignores
 * them) — the normalisation MaxMind documents, minus its tables of domain typos and aliases.
 */
export function hashEmail(email: string): { address: string; domain: string } {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  const domain = domainToASCII(lower.slice(at + 1).trim().replace(/\.+$/, ''));
  if (at <= 0 || domain === '') throw new VigilError(IntelErrors.INTEL_EMAIL_INVALID, 'The email address is not valid', {});
  let local = lower.slice(0, at).normalize('NFC');
  const tag = local.indexOf('+');
  if (tag > 0) local = local.slice(0, tag);
  const canonicalDomain = domain === 'googlemail.com' ? 'gmail.com' : domain;
  if (canonicalDomain === 'gmail.com') local = local.replaceAll('.', '');
  return { address: createHash('md5').update(`${local}@${canonicalDomain}`).digest('hex'), domain: canonicalDomain };
}

function warningsOf(value: unknown): MinFraudResult['warnings'] {
  if (!Array.isArray(value)) return [];
  return value
    .map(asRecord)
    .filter((w): w is Record<string, unknown> => typeof w?.code === 'string')
    .map((w) => ({ code: String(w.code), warning: typeof w.warning === 'string' ? w.warning : '' }));
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    return asRecord(JSON.parse(text));
  } catch {
    return null;
  }
}
