import { defineErrors } from '../../core/errors.js';

/** Codes raised by the identity-verification vendor adapters (Sumsub, iDenfy, Onfido). */
export const KycVendorErrors = defineErrors({
  KYC_WEBHOOK_SIGNATURE_INVALID: {
    kind: 'unauthenticated',
    title: 'The vendor webhook signature is missing or does not match the body',
  },
  KYC_WEBHOOK_STALE: {
    kind: 'unauthenticated',
    title: 'The vendor webhook is older than the accepted tolerance',
  },
  KYC_WEBHOOK_MALFORMED: {
    kind: 'invalid',
    title: 'The vendor webhook body is not valid JSON or lacks required fields',
  },
  KYC_VENDOR_UNAVAILABLE: {
    kind: 'unavailable',
    title: 'The verification vendor could not be reached or failed',
  },
  KYC_VENDOR_REJECTED_REQUEST: {
    kind: 'unprocessable',
    title: 'The verification vendor refused the request',
  },
  KYC_VENDOR_RESPONSE_INVALID: {
    kind: 'unavailable',
    title: 'The verification vendor answered with an unusable response',
  },
  KYC_VERIFICATION_INPUT_INVALID: {
    kind: 'invalid',
    title: 'The verification request lacks data the vendor requires',
  },
});
