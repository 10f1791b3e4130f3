import type { VendorName } from './vendors/vendor.js';

export type VerificationMethod = VendorName | 'manual';
export type VerificationStatus = 'pending' | 'approved' | 'rejected' | 'resubmission_requested' | 'expired';

/** One attempt to verify a customer: with a vendor (only metadata kept here) or by manual review. */
export interface Verification {
  id: string;
  customerId: string;
  method: VerificationMethod;
  vendorRef: string | null;
  verificationUrl: string | null;
  status: VerificationStatus;
  reasons: Array<{ code: string; text: string }>;
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}
