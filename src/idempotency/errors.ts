import { defineErrors } from '../core/errors.js';

export const IdempotencyErrors = defineErrors({
  IDEMPOTENCY_KEY_INVALID: { kind: 'invalid', title: 'The Idempotency-Key header is malformed' },
  IDEMPOTENCY_KEY_REUSED: { kind: 'unprocessable', title: 'The Idempotency-Key was already used with a different request' },
});
