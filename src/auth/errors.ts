import { defineErrors } from '../core/errors.js';

export const AuthErrors = defineErrors({
  AUTH_REQUIRED: { kind: 'unauthenticated', title: 'An API key is required' },
  AUTH_INVALID: { kind: 'unauthenticated', title: 'The API key is invalid or revoked' },
  FORBIDDEN: { kind: 'forbidden', title: 'The API key’s role may not do this' },
  ROLE_UNKNOWN: { kind: 'invalid', title: 'No such role' },
  API_KEY_NOT_FOUND: { kind: 'not_found', title: 'No API key has that id' },
});
