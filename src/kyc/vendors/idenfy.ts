import {
  DEFAULT_TIMEOUT_MS,
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
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
} from './http.js';
import type { CreateVerificationInput, CreatedVerification, VendorAdapter, VendorOutcome, VendorReason, VendorWebhookEvent, WebhookRequest } from './vendor.js';

/**
 * iDenfy, as documented at documentation.idenfy.com:
 * - POST /api/v2/token with HTTP Basic auth (API key as user, API secret as password) and JSON
 *   {clientId, firstName?, lastName?, successUrl?, errorUrl?, unverifiedUrl?, tokenType} answers
 *   {authToken, scanRef, clientId, redirectUrl, expiryTime, sessionLength, …} (kyc/generate-token);
 * - the customer opens https://ivs.idenfy.com/api/v2/redirect?authToken=… (KYC/ClientRedirectToWebUi);
 * - webhooks carry Idenfy-Signature = hex HMAC-SHA256(callback signing key, raw body)
 *   (security/callback-signing) and {final, status:{overall, auto/manualDocument, auto/manualFace,
 *   fraudTags, mismatchTags}, scanRef, clientId, startTime, finishTime, …} (api-reference/webhooks).
 * iDenfy signs no time and sends neither a notification id nor a creation time. The replay window
 * uses finishTime (unix seconds, when the customer finished) when present; a manual review that ends
 * later than the tolerance after finishTime would read as stale, so size webhookToleranceSeconds to
 * the review backlog. eventId is the SHA-256 of the raw body. The body names no event either, so
 * `type` is status.overall. tokenType is sent although the guide calls clientId the only required
 * field, because the OpenAPI file marks it required (default IDENTIFICATION). The country is not sent:
 * iDenfy's `country` restricts accepted documents rather than prefilling anything.
 */
export interface IdenfyOptions {
  /** e.g. https://ivs.idenfy.com */
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  /** The callback signing key set on the webhook in the iDenfy dashboard. */
  webhookSecret: string;
  timeoutMs?: number;
  /** Token validity in seconds (iDenfy's expiryTime); the dashboard default applies when unset. */
  tokenExpirySeconds?: number;
  webhookToleranceSeconds?: number;
  now?: () => Date;
}

const TAG_TEXT = new Map<string, string>([
  ['DOC_EXPIRED', 'The document has expired'],
  ['DOC_NOT_FOUND', 'No document was found in the images'],
  ['DOC_NOT_SUPPORTED', 'The document type is not supported'],
  ['DOC_FAKE', 'The document appears fake'],
  ['DOC_DAMAGED', 'The document is damaged'],
  ['DOC_INFO_MISMATCH', 'The document data is inconsistent'],
  ['DOC_FACE_NOT_FOUND', 'No face was found on the document'],
  ['FACE_MISMATCH', 'The selfie does not match the document photo'],
  ['NO_FACE_FOUND', 'No face was found in the selfie'],
  ['TOO_MANY_FACES', 'More than one face is in the selfie'],
  ['FACE_TOO_BLURRY', 'The selfie is too blurry'],
  ['FAKE_FACE', 'The selfie appears spoofed'],
  ['FACE_SUSPECTED', 'The selfie may not be genuine'],
  ['FACE_BLACKLISTED', 'The selfie matched a blocklist entry'],
  ['DUPLICATE_FACE', 'The face matched an earlier verification'],
  ['NAME', 'The first name differs from the one provided'],
  ['SURNAME', 'The last name differs from the one provided'],
  ['DATE_OF_BIRTH', 'The date of birth differs from the one provided'],
]);
const PASSING = new Set(['DOC_VALIDATED', 'FACE_MATCH']);
const VERDICTS = new Map<string, VendorOutcome>([
  ['APPROVED', 'approved'],
  ['DENIED', 'rejected'],
  ['SUSPECTED', 'rejected'],
]);

export class IdenfyAdapter implements VendorAdapter {
  readonly name = 'idenfy' as const;

  constructor(private readonly options: IdenfyOptions) {
    requireSecret('idenfy', 'apiSecret', options.apiSecret);
    requireSecret('idenfy', 'webhookSecret', options.webhookSecret);
  }

  async createVerification(input: CreateVerificationInput): Promise<CreatedVerification> {
    const issuedAt = this.options.now?.() ?? new Date();
    const reply = await callVendor({
      vendor: 'idenfy',
      operation: 'createToken',
      method: 'POST',
      url: new URL('/api/v2/token', this.options.baseUrl),
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${this.options.apiKey}:${this.options.apiSecret}`).toString('base64')}`,
      },
      body: JSON.stringify(this.tokenRequest(input)),
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    const json = asObject(reply.json);
    const authToken = str(json, 'authToken');
    const scanRef = str(json, 'scanRef');
    if (!authToken || !scanRef) throw invalidResponse('idenfy', 'createToken', 'authToken or scanRef');
    const fallback = new URL(`/api/v2/redirect?authToken=${encodeURIComponent(authToken)}`, this.options.baseUrl);
    const expiryTime = json?.expiryTime;
    const expiresAt = typeof expiryTime === 'number' ? new Date(issuedAt.getTime() + expiryTime * 1000).toISOString() : null;
    return { vendor: 'idenfy', vendorRef: scanRef, verificationUrl: str(json, 'redirectUrl') ?? fallback.toString(), expiresAt };
  }

  parseWebhook(req: WebhookRequest, now: Date): VendorWebhookEvent {
    verifyHexHmac('idenfy', 'sha256', this.options.webhookSecret, req.rawBody, headerValue(req, 'Idenfy-Signature'));
    const body = parseWebhookJson('idenfy', req.rawBody);
    const status = asObject(body.status);
    const overall = str(status, 'overall');
    const scanRef = str(body, 'scanRef');
    if (!overall || !scanRef) throw malformed('idenfy', 'lacks scanRef or status.overall');
    if (body.final !== undefined && typeof body.final !== 'boolean') throw malformed('idenfy', 'final is not a boolean');
    const finishedAt = unixTime(body.finishTime);
    if (finishedAt) assertFresh('idenfy', finishedAt, now, this.options.webhookToleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS);
    return {
      vendor: 'idenfy',
      eventId: bodyDigest(req.rawBody),
      type: overall,
      vendorRef: scanRef,
      customerId: str(body, 'clientId'),
      outcome: outcomeOf(overall, body.final === true),
      reasons: reasonsOf(overall, status),
      occurredAt: (finishedAt ?? now).toISOString(),
    };
  }

  private tokenRequest(input: CreateVerificationInput): JsonObject {
    const redirects = input.redirectUrl ? { successUrl: input.redirectUrl, errorUrl: input.redirectUrl, unverifiedUrl: input.redirectUrl } : {};
    return {
      clientId: input.customerId,
      tokenType: 'IDENTIFICATION',
      ...(input.firstName ? { firstName: input.firstName } : {}),
      ...(input.lastName ? { lastName: input.lastName } : {}),
      ...(this.options.tokenExpirySeconds ? { expiryTime: this.options.tokenExpirySeconds } : {}),
      ...redirects,
    };
  }
}

function unixTime(value: unknown): Date | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw malformed('idenfy', 'finishTime is not a unix time');
  return new Date(value * 1000);
}

/**
 * A result with final=false is the automated pre-check; the manual review's verdict follows, so it
 * stays pending. SUSPECTED leaves the decision to the client: it does not pass until a person says so.
 */
function outcomeOf(overall: string, final: boolean): VendorOutcome | null {
  if (overall === 'EXPIRED') return 'expired';
  if (overall === 'REVIEWING' || overall === 'ACTIVE') return 'pending';
  const verdict = VERDICTS.get(overall);
  if (!verdict) return null;
  return final ? verdict : 'pending';
}

function reasonsOf(overall: string, status: JsonObject | null): VendorReason[] {
  const document = str(status, 'manualDocument') ?? str(status, 'autoDocument');
  const face = str(status, 'manualFace') ?? str(status, 'autoFace');
  const tags = [document, face, ...strings(status, 'fraudTags'), ...strings(status, 'mismatchTags')];
  const failing = [...new Set(tags.filter((t): t is string => t !== null && !PASSING.has(t)))];
  return failing.map((tag) => ({
    code: `IDENFY_${codePart(overall)}_${codePart(tag)}`,
    text: TAG_TEXT.get(tag) ?? `iDenfy reported ${tag}`,
  }));
}
