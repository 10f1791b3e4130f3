import { createHmac } from 'node:crypto';
import { VigilError } from '../../core/errors.js';
import { KycVendorErrors as E } from './errors.js';
import {
  DEFAULT_TIMEOUT_MS,
  asObject,
  assertFresh,
  bodyDigest,
  callVendor,
  codePart,
  headerValue,
  invalidResponse,
  malformed,
  parseWebhookJson,
  requireSecret,
  str,
  strings,
  verifyHexHmac,
  type JsonObject,
  type VendorReply,
} from './http.js';
import type { CreateVerificationInput, CreatedVerification, VendorAdapter, VendorOutcome, VendorReason, VendorWebhookEvent, WebhookRequest } from './vendor.js';

/**
 * Sumsub, as documented at docs.sumsub.com:
 * - every request carries X-App-Token, X-App-Access-Ts (unix seconds) and X-App-Access-Sig =
 *   lowercase hex HMAC-SHA256(secretKey, ts + METHOD + path-with-query + body) (reference/authentication);
 * - POST /resources/applicants?levelName=… {externalUserId, email?, fixedInfo?} creates the applicant
 *   (reference/create-applicants); a 409 means the externalUserId exists, so the adapter reads it back
 *   with GET /resources/applicants/-;externalUserId=…/one (reference/get-applicant-data-via-externaluserid);
 * - POST /resources/sdkIntegrations/levels/-/websdkLink {levelName, userId, ttlInSecs, redirect?} → {url}
 *   (reference/generate-websdk-external-link);
 * - webhooks carry X-Payload-Digest, a hex HMAC of the raw body with the webhook's own secret key, and
 *   X-Payload-Digest-Alg naming HMAC_SHA1_HEX, HMAC_SHA256_HEX (the default) or HMAC_SHA512_HEX
 *   (docs/webhook-manager). Nothing time-related is signed, so the replay window uses the payload's
 *   createdAtMs ("yyyy-MM-dd HH:mm:ss.fff", UTC; docs/user-verification-webhooks).
 * Where the docs beat the brief: failed deliveries are retried 5 min, 1 h, 5 h and 18 h later, so the
 * last retry arrives about 24 h 5 min after createdAtMs; the default tolerance is therefore 25 h.
 * The country is not sent: Sumsub's fixedInfo wants ISO alpha-3 and Vigil holds alpha-2.
 */
export interface SumsubOptions {
  /** Origin only, e.g. https://api.sumsub.com (paths are signed as sent). */
  baseUrl: string;
  appToken: string;
  secretKey: string;
  /** The webhook's secret key from the Sumsub dashboard (not the app-token secret). */
  webhookSecret: string;
  timeoutMs?: number;
  levelName?: string;
  linkTtlSeconds?: number;
  webhookToleranceSeconds?: number;
  now?: () => Date;
}

export const SUMSUB_DEFAULT_LEVEL = 'basic-kyc-level';
const DEFAULT_LINK_TTL_SECONDS = 1800;
const DEFAULT_TOLERANCE_SECONDS = 25 * 60 * 60;
const DIGEST_ALGORITHMS = new Map<string, 'sha1' | 'sha256' | 'sha512'>([
  ['HMAC_SHA1_HEX', 'sha1'],
  ['HMAC_SHA256_HEX', 'sha256'],
  ['HMAC_SHA512_HEX', 'sha512'],
]);
const PENDING_TYPES = new Set(['applicantPending', 'applicantOnHold', 'applicantPrechecked']);
const LABEL_TEXT = new Map<string, string>([
  ['FORGERY', 'The document appears forged'],
  ['DOCUMENT_TEMPLATE', 'A document template or sample was submitted'],
  ['LOW_QUALITY', 'The images are of too low quality'],
  ['SPAM', 'Irrelevant or repeated uploads'],
  ['NOT_DOCUMENT', 'The upload is not an identity document'],
  ['SELFIE_MISMATCH', 'The selfie does not match the document photo'],
  ['ID_INVALID', 'The identity document is not valid'],
  ['DUPLICATE', 'The applicant is a duplicate of another'],
  ['BLACKLIST', 'The applicant is on a blocklist'],
  ['EXPIRATION_DATE', 'The document has expired'],
  ['DOCUMENT_PAGE_MISSING', 'Pages of the document are missing'],
  ['SCREENSHOTS', 'Screenshots were submitted instead of photos'],
  ['UNSATISFACTORY_PHOTOS', 'The photos are not acceptable'],
  ['WRONG_USER_REGION', 'The applicant is from an unsupported region'],
  ['AGE_REQUIREMENT_MISMATCH', 'The applicant does not meet the age requirement'],
  ['SANCTIONS', 'The applicant matched a sanctions list'],
  ['PEP', 'The applicant is a politically exposed person'],
  ['ADVERSE_MEDIA', 'The applicant appears in adverse media'],
  ['FRAUDULENT_PATTERNS', 'Fraudulent behaviour patterns were detected'],
]);

interface Verdict {
  outcome: VendorOutcome | null;
  reasons: VendorReason[];
}

export class SumsubAdapter implements VendorAdapter {
  readonly name = 'sumsub' as const;

  constructor(private readonly options: SumsubOptions) {
    requireSecret('sumsub', 'secretKey', options.secretKey);
    requireSecret('sumsub', 'webhookSecret', options.webhookSecret);
  }

  async createVerification(input: CreateVerificationInput): Promise<CreatedVerification> {
    const levelName = input.level ?? this.options.levelName ?? SUMSUB_DEFAULT_LEVEL;
    const applicantId = await this.ensureApplicant(input, levelName);
    const ttl = this.options.linkTtlSeconds ?? DEFAULT_LINK_TTL_SECONDS;
    const issuedAt = this.now();
    const redirect = input.redirectUrl ? { redirect: { successUrl: input.redirectUrl, rejectUrl: input.redirectUrl } } : {};
    const body = { levelName, userId: input.customerId, ttlInSecs: ttl, ...redirect };
    const reply = await this.send('POST', '/resources/sdkIntegrations/levels/-/websdkLink', 'generateWebsdkLink', body);
    const url = str(asObject(reply.json), 'url');
    if (!url) throw invalidResponse('sumsub', 'generateWebsdkLink', 'url');
    const expiresAt = new Date(issuedAt.getTime() + ttl * 1000).toISOString();
    return { vendor: 'sumsub', vendorRef: applicantId, verificationUrl: url, expiresAt };
  }

  parseWebhook(req: WebhookRequest, now: Date): VendorWebhookEvent {
    const algorithm = DIGEST_ALGORITHMS.get(headerValue(req, 'X-Payload-Digest-Alg') ?? 'HMAC_SHA256_HEX');
    if (!algorithm) {
      throw new VigilError(E.KYC_WEBHOOK_SIGNATURE_INVALID, 'sumsub webhook names an unsupported digest algorithm', { vendor: 'sumsub', reason: 'algorithm' });
    }
    verifyHexHmac('sumsub', algorithm, this.options.webhookSecret, req.rawBody, headerValue(req, 'X-Payload-Digest'));
    const body = parseWebhookJson('sumsub', req.rawBody);
    const type = str(body, 'type');
    const applicantId = str(body, 'applicantId');
    if (!type || !applicantId) throw malformed('sumsub', 'lacks type or applicantId');
    const createdAt = parseCreatedAt(body.createdAtMs);
    if (createdAt) assertFresh('sumsub', createdAt, now, this.options.webhookToleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS);
    const verdict = verdictOf(type, body);
    // correlationId identifies the event; one API action can emit several types under it.
    const correlationId = str(body, 'correlationId');
    return {
      vendor: 'sumsub',
      eventId: correlationId ? `${type}:${correlationId}` : bodyDigest(req.rawBody),
      type,
      vendorRef: applicantId,
      customerId: str(body, 'externalUserId'),
      outcome: verdict.outcome,
      reasons: verdict.reasons,
      occurredAt: (createdAt ?? now).toISOString(),
    };
  }

  private async ensureApplicant(input: CreateVerificationInput, levelName: string): Promise<string> {
    const fixedInfo = input.firstName || input.lastName ? { fixedInfo: { firstName: input.firstName, lastName: input.lastName } } : {};
    const body = { externalUserId: input.customerId, ...(input.email ? { email: input.email } : {}), ...fixedInfo };
    const path = `/resources/applicants?levelName=${encodeURIComponent(levelName)}`;
    const created = await this.send('POST', path, 'createApplicant', body, [409]);
    if (created.status !== 409) return applicantIdOf(created, 'createApplicant');
    // The customer verified before: Sumsub keeps one applicant per externalUserId, so reuse it.
    const existing = await this.send('GET', `/resources/applicants/-;externalUserId=${encodeURIComponent(input.customerId)}/one`, 'getApplicant');
    return applicantIdOf(existing, 'getApplicant');
  }

  private send(method: 'GET' | 'POST', pathAndQuery: string, operation: string, body?: JsonObject, allow: number[] = []): Promise<VendorReply> {
    const url = new URL(pathAndQuery, this.options.baseUrl);
    const payload = body === undefined ? '' : JSON.stringify(body);
    const ts = String(Math.floor(this.now().getTime() / 1000));
    const signature = createHmac('sha256', this.options.secretKey).update(ts + method + url.pathname + url.search + payload).digest('hex');
    const headers = {
      accept: 'application/json',
      'content-type': 'application/json',
      'X-App-Token': this.options.appToken,
      'X-App-Access-Ts': ts,
      'X-App-Access-Sig': signature,
    };
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return callVendor({ vendor: 'sumsub', operation, method, url, headers, body: body === undefined ? undefined : payload, timeoutMs }, allow);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

function applicantIdOf(reply: VendorReply, operation: string): string {
  const id = str(asObject(reply.json), 'id');
  if (!id) throw invalidResponse('sumsub', operation, 'id');
  return id;
}

/** createdAtMs is documented as "yyyy-MM-dd HH:mm:ss.fff" in UTC; ISO 8601 is accepted too. */
function parseCreatedAt(value: unknown): Date | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw malformed('sumsub', 'createdAtMs is not a string');
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw malformed('sumsub', 'createdAtMs is not a date');
  return date;
}

function verdictOf(type: string, body: JsonObject): Verdict {
  if (type === 'applicantReviewed') return reviewVerdict(asObject(body.reviewResult));
  if (PENDING_TYPES.has(type)) return { outcome: 'pending', reasons: [] };
  return { outcome: null, reasons: [] };
}

/** GREEN → approved; RED + RETRY → the applicant may resubmit; any other RED is a rejection. */
function reviewVerdict(review: JsonObject | null): Verdict {
  const answer = str(review, 'reviewAnswer');
  if (answer === 'GREEN') return { outcome: 'approved', reasons: [] };
  if (answer !== 'RED') throw malformed('sumsub', 'applicantReviewed lacks reviewResult.reviewAnswer GREEN or RED');
  const retry = str(review, 'reviewRejectType') === 'RETRY';
  const labels = strings(review, 'rejectLabels');
  // Comments are deliberately ignored: clientComment may hold personal data.
  const reasons = (labels.length > 0 ? labels : ['UNSPECIFIED']).map((label) => ({
    code: `SUMSUB_${retry ? 'RETRY' : 'REJECT'}_${codePart(label)}`,
    text: LABEL_TEXT.get(label) ?? `Sumsub rejection label ${label}`,
  }));
  return { outcome: retry ? 'resubmission_requested' : 'rejected', reasons };
}
