/** Kinds of document a customer can upload, and the group each belongs to. */
export const DOCUMENT_KINDS = {
  passport: 'identity',
  national_id: 'identity',
  driving_licence: 'identity',
  residence_permit: 'identity',
  visa: 'identity',
  bank_statement: 'address',
  card_statement: 'address',
  utility_bill: 'address',
  tax_return: 'address',
  registry_extract: 'company',
  articles_of_association: 'company',
  company_address_proof: 'company',
  source_of_funds: 'edd',
  source_of_wealth: 'edd',
} as const;

export type DocumentKind = keyof typeof DOCUMENT_KINDS;
export type DocumentCategory = (typeof DOCUMENT_KINDS)[DocumentKind];
export type DocumentStatus = 'submitted' | 'accepted' | 'rejected';

export interface DocumentCheckResult {
  code: string;
  status: 'pass' | 'fail' | 'not_applicable';
  text: string;
}

/** An uploaded document's record; the file is in the vault, referenced by `fileId`. */
export interface KycDocument {
  id: string;
  customerId: string;
  verificationId: string | null;
  kind: DocumentKind;
  category: DocumentCategory;
  fileId: string;
  mime: string;
  size: number;
  checks: DocumentCheckResult[];
  checksPassed: boolean;
  issuedOn: string | null;
  status: DocumentStatus;
  reviewReason: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  createdAt: string;
}

export function isDocumentKind(kind: string): kind is DocumentKind {
  return Object.hasOwn(DOCUMENT_KINDS, kind);
}
