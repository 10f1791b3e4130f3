import { defineErrors } from '../core/errors.js';

export const AuditErrors = defineErrors({
  AUDIT_SIGNING_KEY_INVALID: { kind: 'internal', title: 'The audit signing key cannot be used' },
  AUDIT_CHECKPOINT_INVALID: { kind: 'invalid', title: 'The audit checkpoint is malformed or its signature is wrong' },
});
