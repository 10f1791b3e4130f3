import type { Executor } from '../db/executor.js';
import type { KycVerificationTable } from '../db/schema.js';
import type { Verification, VerificationMethod, VerificationStatus } from './verification.js';

function toVerification(r: KycVerificationTable): Verification {
  return {
    id: r.id,
    customerId: r.customer_id,
    method: r.method as VerificationMethod,
    vendorRef: r.vendor_ref,
    verificationUrl: r.verification_url,
    status: r.status as VerificationStatus,
    reasons: JSON.parse(r.reasons) as Verification['reasons'],
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function insert(db: Executor, v: Verification): Promise<void> {
  await db
    .insertInto('kyc_verifications')
    .values({
      id: v.id,
      customer_id: v.customerId,
      method: v.method,
      vendor_ref: v.vendorRef,
      verification_url: v.verificationUrl,
      status: v.status,
      reasons: JSON.stringify(v.reasons),
      expires_at: v.expiresAt,
      created_at: v.createdAt,
      updated_at: v.updatedAt,
    })
    .execute();
}

export async function get(db: Executor, id: string): Promise<Verification | undefined> {
  const row = await db.selectFrom('kyc_verifications').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toVerification(row) : undefined;
}

export async function findByVendorRef(db: Executor, method: VerificationMethod, vendorRef: string): Promise<Verification | undefined> {
  const row = await db
    .selectFrom('kyc_verifications')
    .selectAll()
    .where('method', '=', method)
    .where('vendor_ref', '=', vendorRef)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? toVerification(row) : undefined;
}

/** The customer's most recent verification by this method that is still awaiting a verdict. */
export async function findOpen(db: Executor, customerId: string, method: VerificationMethod): Promise<Verification | undefined> {
  const row = await db
    .selectFrom('kyc_verifications')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('method', '=', method)
    .where('status', 'in', ['pending', 'resubmission_requested'])
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? toVerification(row) : undefined;
}

export async function listForCustomer(db: Executor, customerId: string): Promise<Verification[]> {
  const rows = await db.selectFrom('kyc_verifications').selectAll().where('customer_id', '=', customerId).orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map(toVerification);
}

export async function setStatus(db: Executor, id: string, status: VerificationStatus, reasons: Verification['reasons'], at: string): Promise<void> {
  await db.updateTable('kyc_verifications').set({ status, reasons: JSON.stringify(reasons), updated_at: at }).where('id', '=', id).execute();
}

/** Records a vendor notification once; false when it was seen before. */
export async function recordWebhookEvent(
  db: Executor,
  e: { vendor: string; eventId: string; verificationId: string | null; outcome: string | null; receivedAt: string },
): Promise<boolean> {
  const row = await db
    .insertInto('kyc_webhook_events')
    .values({ vendor: e.vendor, event_id: e.eventId, verification_id: e.verificationId, outcome: e.outcome, received_at: e.receivedAt })
    .onConflict((oc) => oc.columns(['vendor', 'event_id']).doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return row !== undefined;
}
