import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations build a schema the types do not know yet */
type AnyDb = Kysely<any>;

export const documents: Migration = {
  async up(db: AnyDb) {
    // The file itself is in the vault (encrypted); this row holds what is not personal data.
    await db.schema
      .createTable('kyc_documents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('verification_id', 'text', (c) => c.references('kyc_verifications.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('file_id', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('checks', 'text', (c) => c.notNull())
      .addColumn('checks_passed', 'integer', (c) => c.notNull())
      .addColumn('issued_on', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('review_reason', 'text')
      .addColumn('reviewed_by', 'text')
      .addColumn('reviewed_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('kyc_documents_customer').on('kyc_documents').columns(['customer_id', 'created_at']).execute();
    await db.schema.createIndex('kyc_documents_verification').on('kyc_documents').column('verification_id').execute();

    await db.schema
      .createTable('edd_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('kinds', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('deadline_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('edd_requests_due').on('edd_requests').columns(['status', 'deadline_at']).execute();
    await db.schema.createIndex('edd_requests_customer').on('edd_requests').column('customer_id').execute();
  },
};
