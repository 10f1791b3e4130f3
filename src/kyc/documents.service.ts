import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../core/clock.js';
import { VigilError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Customer } from '../customers/customer.js';
import { subjectOf, type CustomersService } from '../customers/customers.service.js';
import { CustomerErrors } from '../customers/errors.js';
import { isIsoDate } from '../customers/validation.js';
import type { Database, Executor } from '../db/executor.js';
import type { EventsService } from '../events/events.service.js';
import type { Policy } from '../policy/policy.js';
import type { VaultService } from '../vault/vault.service.js';
import { DOCUMENT_KINDS, type DocumentCheckResult, type DocumentKind, type KycDocument } from './document.js';
import { checkIdentityDocument, checkProofOfAddress, checkRegistryExtract, type IdentityDocumentKind } from './document-checks.js';
import * as store from './documents.store.js';
import { checkUpload } from './file-type.js';
import type { EddService } from './edd.service.js';
import { KycErrors } from './errors.js';
import type { VerificationsService } from './verifications.service.js';

export interface Upload {
  kind: DocumentKind;
  bytes: Buffer;
  declaredMime?: string | undefined;
  fileName?: string | undefined;
  /** Machine-readable zone, for identity documents that have one. */
  mrz?: string | undefined;
  /** YYYY-MM-DD: expiry of an identity document without MRZ. */
  expiryDate?: string | undefined;
  /** YYYY-MM-DD: issue date of a proof of address or company document. */
  issuedOn?: string | undefined;
}

interface Checked {
  checks: DocumentCheckResult[];
  passed: boolean;
  documentNumber: string | null;
}

/** An upload that passed its type check and sits encrypted in the vault, not yet recorded. */
export interface PreparedUpload {
  customer: Customer;
  kind: DocumentKind;
  size: number;
  issuedOn: string | null;
  fileId: string;
  mime: string;
  checked: Checked;
}

/**
 * Documents for manual verification: type-checked by content, checked automatically (MRZ check
 * digits, expiry, age, name and birth date against the profile, issue dates), stored encrypted
 * in the vault, and attached to the customer's open manual verification for a reviewer.
 */
export class DocumentsService {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: EventsService,
    private readonly customers: CustomersService,
    private readonly verifications: VerificationsService,
    private readonly edd: EddService,
    private readonly vault: VaultService,
    private readonly policy: () => Policy,
    private readonly maxFileBytes: number,
  ) {}

  /** Checks and stores an upload in one go (the hosted page and the CLI use this). */
  async upload(customerId: string, upload: Upload, actor: string): Promise<KycDocument> {
    const prepared = await this.prepare(customerId, upload, actor);
    try {
      return await this.database.transaction((trx) => this.record(trx, prepared, actor));
    } catch (err) {
      await this.discard(prepared);
      throw err;
    }
  }

  /**
   * Everything before the transaction: type check by content, automatic checks, and the
   * encrypted file into the vault. Throws before storing anything when the file is refused.
   */
  async prepare(customerId: string, upload: Upload, actor: string): Promise<PreparedUpload> {
    const customer = await this.customers.get(this.database.db, customerId);
    const { mime } = checkUpload(upload.bytes, { maxBytes: this.maxFileBytes, declaredMime: upload.declaredMime, fileName: upload.fileName });
    const checked = await this.runChecks(customer, upload, actor);
    const fileId = await this.vault.putFile(customerId, { kind: upload.kind, mime, bytes: upload.bytes });
    if (checked.documentNumber) await this.vault.put(customerId, { documentNumber: checked.documentNumber });
    return { customer, kind: upload.kind, size: upload.bytes.length, issuedOn: upload.issuedOn ?? null, fileId, mime, checked };
  }

  /** Removes the stored file of an upload whose transaction failed: nothing partial stays. */
  async discard(prepared: PreparedUpload): Promise<void> {
    await this.vault.deleteFile(prepared.fileId);
  }

  async get(db: Executor, id: string): Promise<KycDocument> {
    const doc = await store.get(db, id);
    if (!doc) throw new VigilError(KycErrors.KYC_DOCUMENT_NOT_FOUND, `no document with id ${id}`, { documentId: id });
    return doc;
  }

  list(db: Executor, customerId: string): Promise<KycDocument[]> {
    return store.forCustomer(db, customerId);
  }

  forVerification(db: Executor, verificationId: string): Promise<KycDocument[]> {
    return store.forVerification(db, verificationId);
  }

  /** Records a prepared upload and attaches it to the open manual verification (or an EDD request). */
  async record(trx: Executor, file: PreparedUpload, actor: string): Promise<KycDocument> {
    const customer = file.customer;
    const category = DOCUMENT_KINDS[file.kind];
    // EDD documents answer a request rather than open a verification.
    const verification = category === 'edd' ? null : await this.verifications.openManual(trx, customer.id, actor);
    const doc: KycDocument = {
      id: newId('doc'),
      customerId: customer.id,
      verificationId: verification?.id ?? null,
      kind: file.kind,
      category,
      fileId: file.fileId,
      mime: file.mime,
      size: file.size,
      checks: file.checked.checks,
      checksPassed: file.checked.passed,
      issuedOn: file.issuedOn,
      status: 'submitted',
      reviewReason: null,
      reviewedBy: null,
      reviewedAt: null,
      createdAt: this.clock.now().toISOString(),
    };
    await store.insert(trx, doc);
    const failed = doc.checks.filter((c) => c.status === 'fail').map((c) => c.code);
    const data = { documentId: doc.id, kind: doc.kind, verificationId: doc.verificationId, checksPassed: doc.checksPassed, failed };
    await this.audit.append(trx, { actor, action: 'kyc.document_uploaded', subject: subjectOf(customer.id), data });
    await this.events.emit(trx, { type: 'kyc.document_uploaded', subject: subjectOf(customer.id), payload: { customerId: customer.id, ...data } });
    if (category === 'edd') await this.edd.onDocument(trx, customer.id, actor);
    return doc;
  }

  private async runChecks(customer: Customer, upload: Upload, actor: string): Promise<Checked> {
    const today = this.clock.now();
    const policy = this.policy().kyc;
    const category = DOCUMENT_KINDS[upload.kind];
    if (category === 'identity') {
      const profile = await this.vault.read(customer.id, ['fullName', 'birthDate'], { actor, purpose: 'automatic identity document checks' });
      if (upload.expiryDate !== undefined) requireDate(upload.expiryDate, 'expiryDate');
      const result = checkIdentityDocument({
        kind: upload.kind as IdentityDocumentKind,
        ...(upload.mrz ? { mrz: upload.mrz } : {}),
        ...(upload.expiryDate ? { expiryDate: upload.expiryDate } : {}),
        profile: { fullName: profile.fullName ?? '', ...(profile.birthDate ? { birthDate: profile.birthDate } : {}) },
        today,
        policy,
      });
      return { checks: result.checks, passed: result.passed, documentNumber: result.extracted.documentNumber };
    }
    if (category === 'address') {
      const issuedOn = requireDate(upload.issuedOn, 'issuedOn');
      return { ...checkProofOfAddress({ kind: upload.kind as 'utility_bill', issuedOn, today, policy }), documentNumber: null };
    }
    if (upload.kind === 'registry_extract') {
      const issuedOn = requireDate(upload.issuedOn, 'issuedOn');
      return { ...checkRegistryExtract({ issuedOn, today, policy }), documentNumber: null };
    }
    return { checks: [], passed: true, documentNumber: null };
  }
}

function requireDate(value: string | undefined, field: string): string {
  if (value === undefined || !isIsoDate(value)) {
    throw new VigilError(CustomerErrors.CUSTOMER_DATA_INVALID, `${field} is required for this document, as a date written YYYY-MM-DD`, { field });
  }
  return value;
}
