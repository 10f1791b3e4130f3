import type { Executor } from '../db/executor.js';
import type { KycDocumentTable } from '../db/schema.js';
import type { DocumentCategory, DocumentKind, DocumentStatus, KycDocument } from './document.js';

const toDocument = (r: KycDocumentTable): KycDocument => ({
  id: r.id,
  customerId: r.customer_id,
  verificationId: r.verification_id,
  kind: r.kind as DocumentKind,
  category: r.category as DocumentCategory,
  fileId: r.file_id,
  mime: r.mime,
  size: r.size,
  checks: JSON.parse(r.checks) as KycDocument['checks'],
  checksPassed: r.checks_passed === 1,
  issuedOn: r.issued_on,
  status: r.status as DocumentStatus,
  reviewReason: r.review_reason,
  reviewedBy: r.reviewed_by,
  reviewedAt: r.reviewed_at,
  createdAt: r.created_at,
});

export async function insert(db: Executor, d: KycDocument): Promise<void> {
  await db
    .insertInto('kyc_documents')
    .values({
      id: d.id,
      customer_id: d.customerId,
      verification_id: d.verificationId,
      kind: d.kind,
      category: d.category,
      file_id: d.fileId,
      mime: d.mime,
      size: d.size,
      checks: JSON.stringify(d.checks),
      checks_passed: d.checksPassed ? 1 : 0,
      issued_on: d.issuedOn,
      status: d.status,
      review_reason: null,
      reviewed_by: null,
      reviewed_at: null,
      created_at: d.createdAt,
    })
    .execute();
}

export async function get(db: Executor, id: string): Promise<KycDocument | undefined> {
  const row = await db.selectFrom('kyc_documents').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toDocument(row) : undefined;
}

export async function forVerification(db: Executor, verificationId: string): Promise<KycDocument[]> {
  const rows = await db.selectFrom('kyc_documents').selectAll().where('verification_id', '=', verificationId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toDocument);
}

export async function forCustomer(db: Executor, customerId: string): Promise<KycDocument[]> {
  const rows = await db.selectFrom('kyc_documents').selectAll().where('customer_id', '=', customerId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toDocument);
}

export async function review(db: Executor, ids: string[], status: DocumentStatus, reason: string, by: string, at: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('kyc_documents').set({ status, review_reason: reason, reviewed_by: by, reviewed_at: at }).where('id', 'in', ids).execute();
}
