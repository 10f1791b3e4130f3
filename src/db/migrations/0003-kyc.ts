import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations build a schema the types do not know yet */
type AnyDb = Kysely<any>;

export const kyc: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('kyc_verifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('vendor_ref', 'text')
      .addColumn('verification_url', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('kyc_verifications_customer').on('kyc_verifications').columns(['customer_id', 'created_at']).execute();
    await db.schema.createIndex('kyc_verifications_vendor_ref').on('kyc_verifications').columns(['method', 'vendor_ref']).execute();

    // One row per vendor notification: the same webhook delivered twice makes one decision.
    await db.schema
      .createTable('kyc_webhook_events')
      .addColumn('vendor', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('verification_id', 'text')
      .addColumn('outcome', 'text')
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('kyc_webhook_events_pk', ['vendor', 'event_id'])
      .execute();
  },
};
