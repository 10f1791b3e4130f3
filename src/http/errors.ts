import { defineErrors } from '../core/errors.js';

export const HttpErrors = defineErrors({
  VALIDATION_FAILED: { kind: 'invalid', title: 'The request does not match the schema' },
  MALFORMED_JSON: { kind: 'invalid', title: 'The request body is not valid JSON' },
  PAYLOAD_TOO_LARGE: { kind: 'too_large', title: 'The request body is larger than allowed' },
  UNSUPPORTED_MEDIA_TYPE: { kind: 'unsupported_media', title: 'The request body is not of a type this endpoint takes' },
  ROUTE_NOT_FOUND: { kind: 'not_found', title: 'No such route' },
  BAD_REQUEST: { kind: 'invalid', title: 'The request is malformed' },
  INTERNAL_ERROR: { kind: 'internal', title: 'Internal error' },
  NOT_READY: { kind: 'unavailable', title: 'The service is not ready' },
});
