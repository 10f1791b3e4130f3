import type { FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isVigilError, type ErrorKind } from '../core/errors.js';
import { HttpErrors } from './errors.js';

/** RFC 9457 problem details, with Vigil's stable `code` and the request id. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  instance?: string;
  errors?: Array<{ path: string; message: string }>;
  context?: Record<string, unknown>;
}

export const STATUS_BY_KIND: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** The Retry-After header (seconds) a refusal carries, from its context's `retryAfterSeconds`; null for none. */
export function retryAfter(problem: Pick<Problem, 'status' | 'context'>): string | null {
  const seconds = problem.context?.['retryAfterSeconds'];
  return (problem.status === 429 || problem.status === 503) && typeof seconds === 'number' && seconds > 0 ? String(Math.ceil(seconds)) : null;
}

export function problemType(code: string): string {
  return `urn:vigil:problem:${code}`;
}

function make(def: { code: string; title: string; kind: ErrorKind }, detail: string, requestId: string, extra: Partial<Problem> = {}): Problem {
  return { type: problemType(def.code), title: def.title, status: STATUS_BY_KIND[def.kind], detail, code: def.code, requestId, ...extra };
}

/** Fastify's own error codes that are the client's fault, mapped to ours. */
const FASTIFY_CODES: Record<string, { def: (typeof HttpErrors)[keyof typeof HttpErrors]; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { def: HttpErrors.MALFORMED_JSON, detail: 'the request body could not be parsed as JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { def: HttpErrors.MALFORMED_JSON, detail: 'the body is empty but Content-Type is application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { def: HttpErrors.PAYLOAD_TOO_LARGE, detail: 'the request body exceeds the configured limit' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { def: HttpErrors.UNSUPPORTED_MEDIA_TYPE, detail: 'send the body as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { def: HttpErrors.BAD_REQUEST, detail: 'Content-Length does not match the body' },
  FST_REQ_FILE_TOO_LARGE: { def: HttpErrors.PAYLOAD_TOO_LARGE, detail: 'the uploaded file exceeds the configured limit (vault.maxFileBytes)' },
  FST_FILES_LIMIT: { def: HttpErrors.PAYLOAD_TOO_LARGE, detail: 'send one file per upload' },
  FST_PARTS_LIMIT: { def: HttpErrors.PAYLOAD_TOO_LARGE, detail: 'the upload has too many parts' },
  FST_FIELDS_LIMIT: { def: HttpErrors.PAYLOAD_TOO_LARGE, detail: 'the upload has too many fields' },
  FST_PROTO_VIOLATION: { def: HttpErrors.BAD_REQUEST, detail: 'field names may not be __proto__ or constructor' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { def: HttpErrors.UNSUPPORTED_MEDIA_TYPE, detail: 'send the document as multipart/form-data' },
};

/**
 * The one place any thrown thing becomes a response. Unknown errors become a generic 500:
 * their message may hold internals, so only the request id goes out.
 */
export function toProblem(err: unknown, requestId: string, instance: string): { problem: Problem; unexpected: boolean } {
  if (isVigilError(err)) {
    const context = Object.keys(err.context).length > 0 ? { context: { ...err.context } } : {};
    return { problem: make(err, err.message, requestId, { instance, ...context }), unexpected: err.kind === 'internal' };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = err.validation.map((v) => ({
      path: `/${err.validationContext ?? 'body'}${v.instancePath}`,
      message: v.message ?? 'invalid',
    }));
    const first = errors[0];
    return {
      problem: make(HttpErrors.VALIDATION_FAILED, first ? `${first.path}: ${first.message}` : 'the request is invalid', requestId, { instance, errors }),
      unexpected: false,
    };
  }
  const fe = err as Partial<FastifyError>;
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return { problem: make(mapped.def, mapped.detail, requestId, { instance }), unexpected: false };
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { problem: make(HttpErrors.BAD_REQUEST, 'the request is malformed', requestId, { instance, status: fe.statusCode }), unexpected: false };
  }
  return {
    problem: make(HttpErrors.INTERNAL_ERROR, 'an unexpected error occurred; quote the request id when reporting it', requestId, { instance }),
    unexpected: true,
  };
}
