import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { VigilError } from '../core/errors.js';
import { KycErrors } from './errors.js';

/**
 * Signed, expiring links to the hosted upload page: `<payload>.<mac>`, both base64url, where the
 * payload names the customer and the expiry. Nothing is stored: the signature is the proof.
 */
export function signUploadToken(key: Buffer, customerId: string, expiresAt: Date): string {
  const payload = Buffer.from(JSON.stringify({ c: customerId, e: Math.floor(expiresAt.getTime() / 1000), n: randomBytes(6).toString('base64url') })).toString('base64url');
  return `${payload}.${mac(key, payload)}`;
}

/** The customer id the token was issued for; throws when forged, malformed or expired. */
export function verifyUploadToken(key: Buffer, token: string, now: Date): { customerId: string; expiresAt: Date } {
  const [payload, given] = token.split('.');
  const invalid = (why: string) => new VigilError(KycErrors.KYC_UPLOAD_LINK_INVALID, `this upload link is ${why}; ask for a new one`, {});
  if (!payload || !given) throw invalid('malformed');
  const expected = Buffer.from(mac(key, payload));
  const got = Buffer.from(given);
  if (expected.length !== got.length || !timingSafeEqual(expected, got)) throw invalid('not valid');
  let data: { c?: unknown; e?: unknown };
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { c?: unknown; e?: unknown };
  } catch {
    throw invalid('malformed');
  }
  if (typeof data.c !== 'string' || typeof data.e !== 'number') throw invalid('malformed');
  const expiresAt = new Date(data.e * 1000);
  if (expiresAt <= now) throw invalid('expired');
  return { customerId: data.c, expiresAt };
}

function mac(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(`upload-link.${payload}`).digest('base64url');
}
