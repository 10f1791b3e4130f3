/**
 * What Vigil needs from an identity-verification vendor (Sumsub, iDenfy, Onfido): open a
 * verification for a customer and get the link the customer follows, and turn the vendor's
 * signed webhook into a normalised outcome. Adapters speak each vendor's documented wire format.
 */
export type VendorName = 'sumsub' | 'idenfy' | 'onfido';

export interface CreateVerificationInput {
  /** Vigil's customer id; sent to the vendor as its external user reference. */
  customerId: string;
  /** Only what the vendor needs to prefill; adapters send nothing else. */
  firstName?: string;
  lastName?: string;
  email?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  /** Vendor-specific flow / level name from config; adapters have a documented default. */
  level?: string;
  /** Where the vendor sends the customer afterwards, when the vendor supports it. */
  redirectUrl?: string;
}

export interface CreatedVerification {
  vendor: VendorName;
  /** The vendor's id for the applicant / session / workflow run. */
  vendorRef: string;
  /** The link the customer opens to verify. */
  verificationUrl: string;
  expiresAt: string | null;
}

export type VendorOutcome = 'approved' | 'rejected' | 'resubmission_requested' | 'pending' | 'expired';

export interface VendorReason {
  code: string;
  text: string;
}

export interface VendorWebhookEvent {
  vendor: VendorName;
  /** Stable id of this notification (vendor's id, or SHA-256 of the raw body when it has none). */
  eventId: string;
  /** The vendor's type string, as sent. */
  type: string;
  vendorRef: string;
  /** Vigil's customer id, echoed back from CreateVerificationInput.customerId when the vendor does. */
  customerId: string | null;
  /** null for notifications that carry no verdict (e.g. "applicant created"). */
  outcome: VendorOutcome | null;
  reasons: VendorReason[];
  occurredAt: string;
}

export interface WebhookRequest {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Exactly the bytes received: signatures are over the raw body. */
  rawBody: Buffer;
}

export interface VendorAdapter {
  readonly name: VendorName;
  createVerification(input: CreateVerificationInput): Promise<CreatedVerification>;
  /**
   * Checks the signature (and timestamp where the vendor sends one) and parses the body.
   * Throws a VigilError: KYC_WEBHOOK_SIGNATURE_INVALID, KYC_WEBHOOK_STALE or KYC_WEBHOOK_MALFORMED.
   */
  parseWebhook(req: WebhookRequest, now: Date): VendorWebhookEvent;
}
