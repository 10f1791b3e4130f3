import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer, type Json } from './fake-server.js';

/**
 * A local Sumsub that follows docs.sumsub.com: it recomputes X-App-Access-Sig (HMAC-SHA256 of
 * ts + METHOD + path-with-query + body) and answers 401 like the real API when the token, the
 * timestamp (±60 s, as Sumsub's own agent-skills state) or the signature is wrong, requires
 * externalUserId / levelName / userId, answers 409 for a second applicant with the same
 * externalUserId, and returns the documented response shapes.
 */
export const SUMSUB_FAKE_CREDENTIALS = { appToken: 'sbx:fake-app-token', secretKey: 'fake-secret-key' };
export const SUMSUB_FAKE_WEBHOOK_SECRET = 'fake-webhook-secret';

export type { FakeMode } from './fake-server.js';

/** mode 'fail' answers 500. */
export interface SumsubFake extends FakeServer {
  received: Array<{ method: string; path: string; body: Json | null }>;
}

export async function startSumsubFake(credentials = SUMSUB_FAKE_CREDENTIALS): Promise<SumsubFake> {
  const applicants = new Map<string, Json>();
  const received: SumsubFake['received'] = [];
  const route = (req: FakeRequest): FakeReply => {
    const denied = checkAuth(req, credentials);
    if (denied) return denied;
    const body = parseBody(req.body);
    if (body === undefined) return error(400, 'Body is not valid JSON');
    received.push({ method: req.method, path: req.path, body });
    const url = new URL(req.path, 'http://fake');
    if (req.method === 'POST' && url.pathname === '/resources/applicants') return createApplicant(applicants, url, body);
    const byExternal = /^\/resources\/applicants\/-;externalUserId=([^/]+)\/one$/.exec(url.pathname);
    if (req.method === 'GET' && byExternal) {
      const found = applicants.get(decodeURIComponent(byExternal[1] ?? ''));
      return found ? { status: 200, json: found } : error(404, 'Applicant not found');
    }
    if (req.method === 'POST' && url.pathname === '/resources/sdkIntegrations/levels/-/websdkLink') return websdkLink(body);
    return error(404, 'Not found');
  };
  const server = await startFakeServer({ route, fail: () => error(500, 'Internal error') });
  return Object.assign(server, { received });
}

function parseBody(text: string): Json | null | undefined {
  if (text === '') return null;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

function error(code: number, description: string): FakeReply {
  return { status: code, json: { description, code, correlationId: `req-${randomUUID()}` } };
}

function checkAuth(req: FakeRequest, credentials: typeof SUMSUB_FAKE_CREDENTIALS): FakeReply | null {
  const token = req.headers['x-app-token'];
  const ts = req.headers['x-app-access-ts'];
  const sig = req.headers['x-app-access-sig'];
  if (typeof token !== 'string' || typeof ts !== 'string' || typeof sig !== 'string') return error(401, 'Missing authentication headers');
  if (token !== credentials.appToken) return error(401, 'App token is invalid');
  if (!/^\d+$/.test(ts) || Math.abs(Date.now() / 1000 - Number(ts)) > 60) return error(401, 'Request timestamp is out of range');
  const expected = createHmac('sha256', credentials.secretKey).update(ts + req.method + req.path + req.body).digest('hex');
  return sig === expected ? null : error(401, 'Request signature mismatch');
}

function createApplicant(applicants: Map<string, Json>, url: URL, body: Json | null): FakeReply {
  const levelName = url.searchParams.get('levelName');
  const externalUserId = body?.externalUserId;
  if (!levelName) return error(400, 'levelName is required');
  if (typeof externalUserId !== 'string' || externalUserId === '') return error(400, 'externalUserId is required');
  const existing = applicants.get(externalUserId);
  if (existing) return error(409, `Applicant with external user id '${externalUserId}' already exists: ${String(existing.id)}`);
  const applicant: Json = {
    id: randomBytes(12).toString('hex'),
    createdAt: new Date().toISOString().replace('T', ' ').slice(0, 19),
    clientId: 'fake-client',
    inspectionId: randomBytes(12).toString('hex'),
    externalUserId,
    ...(body?.fixedInfo ? { fixedInfo: body.fixedInfo } : {}),
    ...(body?.email ? { email: body.email } : {}),
    requiredIdDocs: { docSets: [{ idDocSetType: 'IDENTITY', types: ['PASSPORT', 'ID_CARD'] }, { idDocSetType: 'SELFIE', types: ['SELFIE'] }] },
    review: { reviewId: 'fake', attemptId: 'fake', attemptCnt: 0, levelName, createDate: '', reviewStatus: 'init', priority: 0 },
    type: 'individual',
  };
  applicants.set(externalUserId, applicant);
  return { status: 200, json: applicant };
}

function websdkLink(body: Json | null): FakeReply {
  if (typeof body?.levelName !== 'string' || typeof body.userId !== 'string') return error(400, 'levelName and userId are required');
  return { status: 200, json: { url: `https://in.sumsub.com/websdk/p/sbx_${randomBytes(8).toString('hex')}` } };
}

/** Formats a time the way Sumsub's createdAtMs does: "yyyy-MM-dd HH:mm:ss.fff" in UTC. */
export function sumsubTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** An applicantReviewed webhook body shaped like docs/receive-and-interpret-results-via-api. */
export function applicantReviewed(review: { answer: 'GREEN' | 'RED'; rejectType?: 'FINAL' | 'RETRY'; labels?: string[] }, createdAt = new Date()): Json {
  const red = review.answer === 'RED'
    ? {
        moderationComment: 'We could not verify your profile. If you have any questions, please contact the Company.',
        clientComment: 'Suspected fraudulent account of Jane Example.',
        rejectLabels: review.labels ?? [],
        ...(review.rejectType ? { reviewRejectType: review.rejectType } : {}),
      }
    : {};
  return {
    applicantId: '5cb56e8e0a975a35f333cb83',
    inspectionId: '5cb56e8e0a975a35f333cb84',
    correlationId: 'req-a260b669-4f14-4bb5-a4c5-ac0218acb9a4',
    externalUserId: 'cus_123',
    levelName: 'basic-kyc-level',
    type: 'applicantReviewed',
    reviewResult: { reviewAnswer: review.answer, ...red },
    reviewStatus: 'completed',
    createdAtMs: sumsubTime(createdAt),
    sandboxMode: false,
    applicantType: 'individual',
  };
}

/** Serialises and signs a body as Sumsub does: X-Payload-Digest over the raw bytes. */
export function signedWebhook(
  payload: Json | Buffer,
  options: { secret?: string; algorithm?: 'HMAC_SHA1_HEX' | 'HMAC_SHA256_HEX' | 'HMAC_SHA512_HEX' } = {},
): { headers: Record<string, string>; rawBody: Buffer } {
  const algorithm = options.algorithm ?? 'HMAC_SHA256_HEX';
  const hash = { HMAC_SHA1_HEX: 'sha1', HMAC_SHA256_HEX: 'sha256', HMAC_SHA512_HEX: 'sha512' }[algorithm];
  // A Buffer is signed as is, so tests can sign bodies that are not JSON.
  const rawBody = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload));
  const digest = createHmac(hash, options.secret ?? SUMSUB_FAKE_WEBHOOK_SECRET).update(rawBody).digest('hex');
  return { headers: { 'content-type': 'application/json', 'x-payload-digest': digest, 'x-payload-digest-alg': algorithm }, rawBody };
}
