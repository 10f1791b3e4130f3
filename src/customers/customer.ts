export const CUSTOMER_STATUSES = ['not_verified', 'pending', 'verified', 'rejected', 'restricted', 'suspended', 'offboarded'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export type CustomerType = 'person' | 'company';
export type ContactChannel = 'email' | 'phone';
export type RelationRole = 'director' | 'ubo';

/** The customer record outside the vault: ids, states and dates — no personal data. */
export interface Customer {
  id: string;
  /** The operator's id for the customer; null for a company's directors and UBOs. */
  externalRef: string | null;
  type: CustomerType;
  status: CustomerStatus;
  country: string;
  riskLevel: 'low' | 'medium' | 'high' | 'edd';
  /** Codes of risk factors present (e.g. `SIGNUP_TOR`), which make a lapsed KYC deadline restrict. */
  riskFactors: string[];
  kycRequiredAt: string | null;
  kycDeadlineAt: string | null;
  verifiedAt: string | null;
  verificationExpiresAt: string | null;
  /** For companies' directors and UBOs: the company they belong to. */
  parentId: string | null;
  role: RelationRole | null;
  ownershipPct: number | null;
  /** When the customer proved control of their email address / phone number (onboarding). */
  emailVerifiedAt: string | null;
  phoneVerifiedAt: string | null;
  /** Contacts this customer must verify before ordering (set by the sign-up gate from policy and its verdict). */
  contactChecks: ContactChannel[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Personal data of a person, kept only in the vault. */
export interface PersonData {
  /** Unknown for a person who only signed up so far (the name comes with KYC). */
  fullName?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  birthDate?: string | undefined;
  address?: string | undefined;
}

/** Identifying data of a company, kept in the vault too. */
export interface CompanyData {
  legalName: string;
  registrationNumber: string;
  address?: string | undefined;
}
