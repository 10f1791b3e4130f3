import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer, type Json } from './fake-server.js';

/**
 * A local iDenfy that follows documentation.idenfy.com: POST /api/v2/token behind HTTP Basic auth
 * (API key : API secret), 401 on wrong credentials, the documented constraints on clientId
 * (required, ASCII, ≤ 100), names (letters, no digits or listed specials), tokenType and
 * expiryTime, and the documented token response. The error body shape is not documented; the fake
 * answers {message, identifier}.
 */
export const IDENFY_FAKE_CREDENTIALS = { apiKey: 'fake-api-key', apiSecret: 'fake-api-secret' };
export const IDENFY_FAKE_SIGNING_KEY = 'fake-callback-signing-key';

export type { FakeMode } from './fake-server.js';

/** mode 'fail' answers 502. */
export interface IdenfyFake extends FakeServer {
  received: Json[];
}

export async function startIdenfyFake(credentials = IDENFY_FAKE_CREDENTIALS): Promise<IdenfyFake> {
  const received: Json[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${credentials.apiKey}:${credentials.apiSecret}`).toString('base64')}`;
  const route = (req: FakeRequest): FakeReply => {
    if (req.headers.authorization !== expectedAuth) return error(401, 'UNAUTHORIZED', 'Invalid API key or secret');
    if (req.method !== 'POST' || req.path !== '/api/v2/token') return error(404, 'NOT_FOUND', 'Not found');
    let body: Json;
    try {
      body = JSON.parse(req.body) as Json;
    } catch {
      return error(400, 'INVALID_JSON', 'Body is not valid JSON');
    }
    const invalid = validateToken(body);
    if (invalid) return error(400, 'VALIDATION_ERROR', invalid);
    received.push(body);
    return { status: 201, json: tokenResponse(body, fake.url) };
  };
  const fake: IdenfyFake = Object.assign(await startFakeServer({ route, fail: () => error(502, 'BAD_GATEWAY', 'Upstream failure') }), { received });
  return fake;
}

function error(status: number, identifier: string, message: string): FakeReply {
  return { status, json: { message, identifier } };
}

const NAME_FORBIDDEN = /[\d~!@#$%^*()_+={}[\]|:;",/?]/;

function validateToken(body: Json): string | null {
  const { clientId, firstName, lastName, tokenType, expiryTime } = body;
  if (typeof clientId !== 'string' || clientId === '' || clientId.length > 100 || /[^\x20-\x7e]/.test(clientId)) return 'clientId is required (ASCII, max 100)';
  for (const name of [firstName, lastName]) {
    if (name !== undefined && (typeof name !== 'string' || name.length < 1 || name.length > 100 || NAME_FORBIDDEN.test(name))) return 'names must be letters only';
  }
  if (tokenType !== undefined && tokenType !== 'IDENTIFICATION' && tokenType !== 'DOCUMENT') return 'tokenType is invalid';
  if (expiryTime !== undefined && (typeof expiryTime !== 'number' || expiryTime < 0 || expiryTime > 2_592_000)) return 'expiryTime is out of range';
  for (const key of ['successUrl', 'errorUrl', 'unverifiedUrl']) {
    const url = body[key];
    if (url !== undefined && (typeof url !== 'string' || url.length < 5 || url.length > 2048)) return `${key} is invalid`;
  }
  return null;
}

/** The documented response; iDenfy upper-cases the names it echoes. */
function tokenResponse(body: Json, base: string): Json {
  const authToken = randomBytes(20).toString('hex');
  return {
    message: 'Token created successfully',
    authToken,
    scanRef: randomUUID(),
    clientId: body.clientId,
    firstName: typeof body.firstName === 'string' ? body.firstName.toUpperCase() : null,
    lastName: typeof body.lastName === 'string' ? body.lastName.toUpperCase() : null,
    redirectUrl: `${base}/api/v2/redirect?authToken=${authToken}`,
    digitString: null,
    expiryTime: typeof body.expiryTime === 'number' ? body.expiryTime : 3600,
    sessionLength: 600,
  };
}

export interface IdenfyResult {
  overall: 'APPROVED' | 'DENIED' | 'SUSPECTED' | 'REVIEWING' | 'EXPIRED';
  final?: boolean;
  document?: string | null;
  face?: string | null;
  fraudTags?: string[];
  mismatchTags?: string[];
  finishTime?: Date | null;
}

/** A verification webhook body shaped like api-reference/webhooks (personal data trimmed to two fields). */
export function idenfyWebhook(result: IdenfyResult): Json {
  const finish = result.finishTime === undefined ? new Date() : result.finishTime;
  const face = result.face === undefined ? 'FACE_MATCH' : result.face;
  const document = result.document === undefined ? 'DOC_VALIDATED' : result.document;
  return {
    final: result.final ?? true,
    platform: 'PC',
    status: {
      overall: result.overall,
      fraudTags: result.fraudTags ?? [],
      mismatchTags: result.mismatchTags ?? [],
      autoFace: face,
      manualFace: face,
      autoDocument: document,
      manualDocument: document,
      additionalSteps: null,
    },
    data: { docFirstName: 'JANE', docLastName: 'EXAMPLE', docType: 'ID_CARD' },
    fileUrls: {},
    scanRef: 'ec6a7108-8c26-11e9-9758-309c231b1bac',
    clientId: 'cus_123',
    startTime: finish ? Math.floor(finish.getTime() / 1000) - 120 : null,
    finishTime: finish ? Math.floor(finish.getTime() / 1000) : null,
    clientIp: '192.0.2.10',
    clientIpCountry: 'LT',
  };
}

/** Serialises and signs a body as iDenfy does: Idenfy-Signature = hex HMAC-SHA256 of the raw bytes. */
export function signedWebhook(payload: Json | Buffer, secret = IDENFY_FAKE_SIGNING_KEY): { headers: Record<string, string>; rawBody: Buffer } {
  // A Buffer is signed as is, so tests can sign bodies that are not JSON.
  const rawBody = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload));
  const signature = createHmac('sha256', secret).update(rawBody).digest('hex');
  return { headers: { 'content-type': 'application/json', 'idenfy-signature': signature }, rawBody };
}
