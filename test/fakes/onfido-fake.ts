import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer, type Json } from './fake-server.js';

/**
 * A local Onfido API v3.6 that follows documentation.onfido.com and onfido/onfido-openapi-spec:
 * `Authorization: Token token=…` (401 authorization_error otherwise), POST /v3.6/applicants with
 * the required first_name / last_name (422 validation_error otherwise), POST /v3.6/workflow_runs
 * with a known workflow_id and an existing applicant_id, answering the documented objects
 * including link.url. The hosted-link host name is illustrative.
 */
export const ONFIDO_FAKE_TOKEN = 'api_sandbox.fake-token';
export const ONFIDO_FAKE_WEBHOOK_TOKEN = 'fake-webhook-token';
export const ONFIDO_FAKE_WORKFLOW_ID = '8f7d3bbf-5ecb-4b3e-9a5b-0b6f0d3c4e21';

export type { FakeMode } from './fake-server.js';
type OnfidoRequest = Omit<FakeRequest, 'body'> & { body: Json };

/** mode 'fail' answers 500, after checking that the body is JSON. */
export interface OnfidoFake extends FakeServer {
  received: Array<{ path: string; body: Json }>;
}

export async function startOnfidoFake(token = ONFIDO_FAKE_TOKEN): Promise<OnfidoFake> {
  const applicants = new Set<string>();
  const received: OnfidoFake['received'] = [];
  const route = (req: OnfidoRequest): FakeReply => {
    if (req.headers.authorization !== `Token token=${token}`) {
      return failure(401, 'authorization_error', 'Authorization error: please re-check your credentials');
    }
    received.push({ path: req.path, body: req.body });
    if (req.method === 'POST' && req.path === '/v3.6/applicants') return createApplicant(applicants, req.body, fake.url);
    if (req.method === 'POST' && req.path === '/v3.6/workflow_runs') return createRun(applicants, req.body);
    return failure(404, 'resource_not_found', 'The resource could not be found');
  };
  const fake: OnfidoFake = Object.assign(
    await startFakeServer({
      route: (req) => withJsonBody(req, (body) => route({ ...req, body })),
      fail: (req) => withJsonBody(req, () => failure(500, 'internal_server_error', 'Internal error')),
    }),
    { received },
  );
  return fake;
}

/** Parses the body (empty reads as {}) and answers 400 when it, or anything the handler does, throws. */
function withJsonBody(req: FakeRequest, handle: (body: Json) => FakeReply): FakeReply {
  try {
    return handle(JSON.parse(req.body || '{}') as Json);
  } catch {
    return failure(400, 'invalid_json', 'Body is not valid JSON');
  }
}

function failure(status: number, type: string, message: string, fields: Json = {}): FakeReply {
  return { status, json: { error: { type, message, fields } } };
}

const NAME_PATTERN = /^[^!#$%*=<>;{}"]*$/;

function createApplicant(applicants: Set<string>, body: Json, base: string): FakeReply {
  const fields: Json = {};
  for (const key of ['first_name', 'last_name']) {
    const v = body[key];
    if (typeof v !== 'string' || v === '' || !NAME_PATTERN.test(v)) fields[key] = ['is required and must be a valid name'];
  }
  if (Object.keys(fields).length > 0) return failure(422, 'validation_error', 'There was a validation error on this request', fields);
  const id = randomUUID();
  applicants.add(id);
  const now = new Date().toISOString();
  return {
    status: 201,
    json: { id, created_at: now, delete_at: null, href: `${base}/v3.6/applicants/${id}`, sandbox: true, first_name: body.first_name, last_name: body.last_name, email: body.email ?? null },
  };
}

function createRun(applicants: Set<string>, body: Json): FakeReply {
  if (body.workflow_id !== ONFIDO_FAKE_WORKFLOW_ID) return failure(422, 'validation_error', 'There was a validation error on this request', { workflow_id: ['not found'] });
  if (typeof body.applicant_id !== 'string' || !applicants.has(body.applicant_id)) {
    return failure(422, 'validation_error', 'There was a validation error on this request', { applicant_id: ['not found'] });
  }
  const id = randomUUID();
  const now = new Date();
  const requested = typeof body.link === 'object' && body.link !== null ? (body.link as Json) : {};
  return {
    status: 201,
    json: {
      id,
      applicant_id: body.applicant_id,
      workflow_id: body.workflow_id,
      workflow_version_id: 3,
      customer_user_id: body.customer_user_id ?? null,
      status: 'awaiting_input',
      dashboard_url: `https://dashboard.onfido.com/results/${id}`,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
      sdk_token: null,
      link: { ...requested, url: `https://eu.onfido.app/l/${randomBytes(6).toString('hex')}`, expires_at: new Date(now.getTime() + 7 * 86_400_000).toISOString(), language: 'en_US' },
    },
  };
}

/** A workflow_run.completed webhook body shaped like schemas/webhooks/webhook_event.yaml. */
export function workflowRunCompleted(status: string, options: { reasons?: string[]; completedAt?: Date | null; errorType?: string } = {}): Json {
  const id = 'c5b2e8c8-9d4a-4a8e-8f1e-3b2d0f6a7c11';
  const completed = options.completedAt === undefined ? new Date() : options.completedAt;
  return {
    payload: {
      resource_type: 'workflow_run',
      action: 'workflow_run.completed',
      object: {
        id,
        status,
        ...(completed ? { completed_at_iso8601: completed.toISOString() } : {}),
        href: `https://api.eu.onfido.com/v3.6/workflow_runs/${id}`,
      },
      resource: {
        id,
        applicant_id: '7a1f3c1e-2b4d-4c6e-8f0a-1b2c3d4e5f60',
        workflow_id: ONFIDO_FAKE_WORKFLOW_ID,
        workflow_version_id: 3,
        customer_user_id: 'cus_123',
        reasons: options.reasons ?? [],
        ...(options.errorType ? { error: { type: options.errorType, message: 'An error occurred' } } : {}),
        output: { first_name: 'Jane', last_name: 'Example' },
      },
    },
  };
}

/** A check.completed webhook body; the result is only present in the resource. */
export function checkCompleted(result: 'clear' | 'consider' | null, completedAt = new Date()): Json {
  const id = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  return {
    payload: {
      resource_type: 'check',
      action: 'check.completed',
      object: { id, status: 'complete', completed_at_iso8601: completedAt.toISOString(), href: `https://api.eu.onfido.com/v3.6/checks/${id}` },
      ...(result ? { resource: { id, status: 'complete', result } } : {}),
    },
  };
}

/** Serialises and signs a body as Onfido does: X-SHA2-Signature = hex HMAC-SHA256 of the raw bytes. */
export function signedWebhook(payload: Json | Buffer, secret = ONFIDO_FAKE_WEBHOOK_TOKEN): { headers: Record<string, string>; rawBody: Buffer } {
  // A Buffer is signed as is, so tests can sign bodies that are not JSON.
  const rawBody = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload));
  const signature = createHmac('sha256', secret).update(rawBody).digest('hex');
  return { headers: { 'content-type': 'application/json', 'x-sha2-signature': signature }, rawBody };
}
