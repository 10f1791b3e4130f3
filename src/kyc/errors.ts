import { defineErrors } from '../core/errors.js';

/** Codes of the KYC domain: uploads, verifications, reviews, EDD. */
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
  KYC_VENDOR_NOT_CONFIGURED: { kind: 'not_found', title: 'That verification vendor is not configured' },
  KYC_VERIFICATION_NOT_FOUND: { kind: 'not_found', title: 'No verification has that id' },
  KYC_NOT_ALLOWED: { kind: 'conflict', title: 'The customer cannot be verified in its current state' },
  KYC_REVIEW_INCOMPLETE: { kind: 'conflict', title: 'The verification lacks documents that passed their automatic checks' },
  KYC_REVIEW_CLOSED: { kind: 'conflict', title: 'The verification already has a verdict' },
  KYC_DOCUMENT_NOT_FOUND: { kind: 'not_found', title: 'No document has that id' },
  KYC_UPLOAD_LINK_INVALID: { kind: 'forbidden', title: 'The upload link is malformed, forged or expired' },
  EDD_REQUEST_INVALID: { kind: 'invalid', title: 'An EDD request must name source-of-funds and/or source-of-wealth documents' },
});
