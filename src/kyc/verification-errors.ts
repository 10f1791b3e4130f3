import { defineErrors } from '../core/errors.js';

export const VerificationErrors = defineErrors({
  KYC_VENDOR_NOT_CONFIGURED: { kind: 'not_found', title: 'That verification vendor is not configured' },
  KYC_VERIFICATION_NOT_FOUND: { kind: 'not_found', title: 'No verification has that id' },
  KYC_NOT_ALLOWED: { kind: 'conflict', title: 'The customer cannot be verified in its current state' },
});
