import { VigilError } from '../../core/errors.js';
import { KycVendorErrors as E } from './errors.js';
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
 * Onfido (now Entrust Identity Verification) API v3.6, as documented at documentation.onfido.com and
 * in the onfido/onfido-openapi-spec repository:
 * - every request carries `Authorization: Token token=<API token>`;
 * - POST /v3.6/applicants {first_name, last_name, email?} → {id, …}; both names are required;
 * - POST /v3.6/workflow_runs {workflow_id, applicant_id, customer_user_id, link?} → {id, status,
 *   link:{url, expires_at, …}}: the hosted-link flow, so no SDK token is needed;
 * - webhooks carry X-SHA2-Signature = hex HMAC-SHA256(webhook token, raw body) (manual webhook
 *   signature verification) and {payload:{resource_type, action, object:{id, status, href,
 *   completed_at_iso8601?}, resource?}} (schemas/webhooks/webhook_event.yaml).
 * Onfido signs no time and sends no event id: the replay window uses object.completed_at_iso8601
 * when present and eventId is the SHA-256 of the raw body. check.completed objects carry no result;
 * a verdict is read only when Onfido includes the resource (resource.result clear/consider).
 */
export interface OnfidoOptions {
  /** Regional origin, e.g. https://api.eu.onfido.com (also api.us / api.ca). */
  baseUrl: string;
  apiToken: string;
  /** The webhook's token, returned by Onfido when the webhook was registered. */
  webhookSecret: string;
  /** Studio workflow to run; CreateVerificationInput.level overrides it. */
  workflowId: string;
  timeoutMs?: number;
  webhookToleranceSeconds?: number;
}

const API = '/v3.6';
const RUN_OUTCOMES = new Map<string, VendorOutcome>([
  ['approved', 'approved'],
  ['declined', 'rejected'],
  // "review" ends the run with a request for the client's own manual review.
  ['review', 'pending'],
  ['abandoned', 'expired'],
  // "error" ends the run without a verdict: the customer has to start again.
  ['error', 'resubmission_requested'],
  ['processing', 'pending'],
  ['awaiting_input', 'pending'],
]);
const CHECK_OUTCOMES = new Map<string, VendorOutcome>([
  ['clear', 'approved'],
  ['consider', 'rejected'],
]);

export class OnfidoAdapter implements VendorAdapter {
  readonly name = 'onfido' as const;

  constructor(private readonly options: OnfidoOptions) {
    requireSecret('onfido', 'apiToken', options.apiToken);
    requireSecret('onfido', 'webhookSecret', options.webhookSecret);
  }

  async createVerification(input: CreateVerificationInput): Promise<CreatedVerification> {
    if (!input.firstName || !input.lastName) {
      throw new VigilError(E.KYC_VERIFICATION_INPUT_INVALID, 'Onfido needs a first and a last name to create an applicant', { vendor: 'onfido' });
    }
    const applicant = await this.post('applicants', 'createApplicant', {
      first_name: input.firstName,
      last_name: input.lastName,
      ...(input.email ? { email: input.email } : {}),
    });
    const applicantId = str(asObject(applicant.json), 'id');
    if (!applicantId) throw invalidResponse('onfido', 'createApplicant', 'id');
    const link = input.redirectUrl ? { link: { completed_redirect_url: input.redirectUrl, expired_redirect_url: input.redirectUrl } } : {};
    const run = await this.post('workflow_runs', 'createWorkflowRun', {
      workflow_id: input.level ?? this.options.workflowId,
      applicant_id: applicantId,
      customer_user_id: input.customerId,
      ...link,
    });
    const json = asObject(run.json);
    const runId = str(json, 'id');
    const url = str(asObject(json?.link), 'url');
    if (!runId || !url) throw invalidResponse('onfido', 'createWorkflowRun', 'id or link.url');
    return { vendor: 'onfido', vendorRef: runId, verificationUrl: url, expiresAt: str(asObject(json?.link), 'expires_at') };
  }

  parseWebhook(req: WebhookRequest, now: Date): VendorWebhookEvent {
    verifyHexHmac('onfido', 'sha256', this.options.webhookSecret, req.rawBody, headerValue(req, 'X-SHA2-Signature'));
    const payload = asObject(parseWebhookJson('onfido', req.rawBody).payload);
    const object = asObject(payload?.object);
    const action = str(payload, 'action');
    const objectId = str(object, 'id');
    if (!str(payload, 'resource_type') || !action || !objectId) throw malformed('onfido', 'lacks payload.resource_type, action or object.id');
    const completedAt = isoTime(object?.completed_at_iso8601);
    if (completedAt) assertFresh('onfido', completedAt, now, this.options.webhookToleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS);
    const resource = asObject(payload?.resource);
    const { outcome, reasons } = verdictOf(action, str(object, 'status'), resource);
    return {
      vendor: 'onfido',
      eventId: bodyDigest(req.rawBody),
      type: action,
      vendorRef: objectId,
      customerId: str(resource, 'customer_user_id'),
      outcome,
      reasons,
      occurredAt: (completedAt ?? now).toISOString(),
    };
  }

  private post(resource: string, operation: string, body: JsonObject) {
    return callVendor({
      vendor: 'onfido',
      operation,
      method: 'POST',
      url: new URL(`${API}/${resource}`, this.options.baseUrl),
      headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Token token=${this.options.apiToken}` },
      body: JSON.stringify(body),
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
  }
}

function isoTime(value: unknown): Date | null {
  if (value === undefined || value === null) return null;
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw malformed('onfido', 'completed_at_iso8601 is not a date');
  return date;
}

function verdictOf(action: string, status: string | null, resource: JsonObject | null): { outcome: VendorOutcome | null; reasons: VendorReason[] } {
  if (action === 'workflow_run.completed') {
    if (!status) throw malformed('onfido', 'workflow_run.completed lacks object.status');
    const outcome = RUN_OUTCOMES.get(status) ?? null;
    return { outcome, reasons: outcome && outcome !== 'approved' ? runReasons(status, resource) : [] };
  }
  if (action === 'check.completed') {
    const result = str(resource, 'result');
    const outcome = result ? (CHECK_OUTCOMES.get(result) ?? null) : null;
    const reasons = outcome === 'rejected' ? [{ code: 'ONFIDO_CHECK_CONSIDER', text: 'Onfido flagged the check for consideration' }] : [];
    return { outcome, reasons };
  }
  if (action === 'check.started' || action === 'workflow_task.started') return { outcome: 'pending', reasons: [] };
  return { outcome: null, reasons: [] };
}

/** Studio lets each workflow name its own outcome reasons; the error type explains "error". */
function runReasons(status: string, resource: JsonObject | null): VendorReason[] {
  const labels = status === 'error' ? [str(asObject(resource?.error), 'type') ?? 'unknown'] : strings(resource, 'reasons');
  const prefix = `ONFIDO_${codePart(status)}`;
  if (labels.length === 0) return [{ code: prefix, text: `Onfido ended the workflow run as ${status}` }];
  return labels.map((label) => ({ code: `${prefix}_${codePart(label)}`, text: `Onfido workflow reason: ${label}` }));
}
