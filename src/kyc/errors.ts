import { defineErrors } from '../core/errors.js';

/** Codes raised when a customer uploads an identity document or proof of address. */
export const KycErrors = defineErrors({
  KYC_UPLOAD_EMPTY: { kind: 'invalid', title: 'The uploaded file is empty' },
  KYC_UPLOAD_TOO_LARGE: { kind: 'too_large', title: 'The uploaded file is larger than allowed' },
  KYC_UPLOAD_TYPE_REJECTED: {
    kind: 'unsupported_media',
    title: 'The uploaded file is not an accepted document type or carries active content',
  },
  KYC_UPLOAD_TYPE_MISMATCH: {
    kind: 'unsupported_media',
    title: 'The declared type or file extension contradicts the file content',
  },
});
