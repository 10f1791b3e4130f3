import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { request } from 'undici';
import { VigilError } from '../../core/errors.js';
import { KycVendorErrors as E } from './errors.js';
import type { VendorName, WebhookRequest } from './vendor.js';

/**
 * The plumbing every vendor adapter shares, both directions: calling the vendor (one timeout,
 * one mapping of failures to coded errors) and checking what the vendor sends back (header
 * lookup, constant-time HMAC check, JSON parsing, replay window). Nothing here logs, and no
 * error carries a request or response body, because both may hold personal data.
 */

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 24 * 60 * 60;
/** Vendor clocks drift; a notification dated a little in the future is still accepted. */
const FUTURE_SKEW_MS = 5 * 60 * 1000;

export type JsonObject = Record<string, unknown>;

export interface VendorCall {
  vendor: VendorName;
  /** Short name of the operation for error context, e.g. "createApplicant". */
  operation: string;
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface VendorReply {
  status: number;
  json: unknown;
}

/**
 * Sends one request. 2xx (and any status in `allow`) come back as values; 4xx become
 * KYC_VENDOR_REJECTED_REQUEST; network errors, timeouts, 429 and 5xx KYC_VENDOR_UNAVAILABLE.
 */
export async function callVendor(call: VendorCall, allow: readonly number[] = []): Promise<VendorReply> {
  const context = { vendor: call.vendor, operation: call.operation };
  let status: number;
  let text: string;
  try {
    const res = await request(call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body,
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    status = res.statusCode;
    text = await res.body.text();
  } catch (err) {
    const reason = isTimeout(err) ? 'timed out' : 'could not be reached';
    throw new VigilError(E.KYC_VENDOR_UNAVAILABLE, `${call.vendor} ${reason} (${call.operation})`, context, { cause: err });
  }
  if (status >= 500 || status === 429) {
    throw new VigilError(E.KYC_VENDOR_UNAVAILABLE, `${call.vendor} answered HTTP ${status} (${call.operation})`, { ...context, status });
  }
  if (status >= 400 && !allow.includes(status)) {
    throw new VigilError(E.KYC_VENDOR_REJECTED_REQUEST, `${call.vendor} refused ${call.operation} with HTTP ${status}`, { ...context, status });
  }
  if (status < 200 || (status >= 300 && status < 400)) {
    throw new VigilError(E.KYC_VENDOR_RESPONSE_INVALID, `${call.vendor} answered HTTP ${status} (${call.operation})`, { ...context, status });
  }
  return { status, json: parseLenient(text) };
}

function isTimeout(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

function parseLenient(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Raised when a 2xx answer lacks a field the adapter needs. */
export function invalidResponse(vendor: VendorName, operation: string, field: string): VigilError {
  return new VigilError(E.KYC_VENDOR_RESPONSE_INVALID, `${vendor} ${operation} response lacks ${field}`, { vendor, operation, field });
}

// ── reading untyped JSON ────────────────────────────────────────────────────────────────

export function asObject(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

export function str(obj: JsonObject | null, key: string): string | null {
  const v = obj?.[key];
  return typeof v === 'string' && v.length > 0 ? v : null;
}

export function strings(obj: JsonObject | null, key: string): string[] {
  const v = obj?.[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
}

// ── inbound webhooks ────────────────────────────────────────────────────────────────────

/** Case-insensitive header lookup; a repeated header is ambiguous and reads as absent. */
export function headerValue(req: WebhookRequest, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(req.headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    if (Array.isArray(value)) return value.length === 1 ? (value[0] ?? null) : null;
    return value;
  }
  return null;
}

/** Checks a hex HMAC of the raw body in constant time; throws KYC_WEBHOOK_SIGNATURE_INVALID. */
export function verifyHexHmac(vendor: VendorName, algorithm: 'sha1' | 'sha256' | 'sha512', secret: string, rawBody: Buffer, given: string | null): void {
  if (given === null) {
    throw new VigilError(E.KYC_WEBHOOK_SIGNATURE_INVALID, `${vendor} webhook has no signature header`, { vendor, reason: 'missing' });
  }
  const expected = createHmac(algorithm, secret).update(rawBody).digest();
  const trimmed = given.trim();
  const provided = /^[0-9a-fA-F]*$/.test(trimmed) && trimmed.length % 2 === 0 ? Buffer.from(trimmed, 'hex') : Buffer.alloc(0);
  if (provided.length !== expected.length || !timingSafeEqual(provided, expected)) {
    throw new VigilError(E.KYC_WEBHOOK_SIGNATURE_INVALID, `${vendor} webhook signature does not match`, { vendor, reason: 'mismatch' });
  }
}

export function malformed(vendor: VendorName, what: string): VigilError {
  return new VigilError(E.KYC_WEBHOOK_MALFORMED, `${vendor} webhook ${what}`, { vendor });
}

/** Parses the (already authenticated) body; anything but a JSON object is malformed. */
export function parseWebhookJson(vendor: VendorName, rawBody: Buffer): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8')) as unknown;
  } catch {
    throw malformed(vendor, 'body is not valid JSON');
  }
  const obj = asObject(parsed);
  if (!obj) throw malformed(vendor, 'body is not a JSON object');
  return obj;
}

/** Rejects a notification dated before now − tolerance (or implausibly far in the future). */
export function assertFresh(vendor: VendorName, occurredAt: Date, now: Date, toleranceSeconds: number): void {
  const age = now.getTime() - occurredAt.getTime();
  if (age > toleranceSeconds * 1000 || age < -FUTURE_SKEW_MS) {
    throw new VigilError(E.KYC_WEBHOOK_STALE, `${vendor} webhook is outside the accepted time window`, {
      vendor,
      occurredAt: occurredAt.toISOString(),
      toleranceSeconds,
    });
  }
}

/** The event id of last resort: identical bytes (a redelivery) give the identical id. */
export function bodyDigest(rawBody: Buffer): string {
  return createHash('sha256').update(rawBody).digest('hex');
}

/** Turns a vendor label into the tail of a machine reason code: "doc expired" → "DOC_EXPIRED". */
export function codePart(label: string): string {
  return label.trim().replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '').toUpperCase() || 'UNKNOWN';
}

export function requireSecret(vendor: VendorName, name: string, value: string): void {
  // An empty HMAC key would let anyone who guesses it is empty forge webhooks or requests.
  if (value.length === 0) throw new Error(`${vendor} adapter: ${name} must not be empty`);
}
