import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations build a schema the types do not know yet */
type AnyDb = Kysely<any>;

export const customers: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('customers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('external_ref', 'text')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('risk_level', 'text', (c) => c.notNull())
      .addColumn('risk_factors', 'text', (c) => c.notNull())
      .addColumn('kyc_required_at', 'text')
      .addColumn('kyc_deadline_at', 'text')
      .addColumn('verified_at', 'text')
      .addColumn('verification_expires_at', 'text')
      .addColumn('parent_id', 'text', (c) => c.references('customers.id'))
      .addColumn('role', 'text')
      .addColumn('ownership_pct', 'real')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // Directors and UBOs have no operator reference of their own; they are found through the company.
    await db.schema.createIndex('customers_external_ref').on('customers').column('external_ref').unique().execute();
    await db.schema.createIndex('customers_parent').on('customers').column('parent_id').execute();
    await db.schema.createIndex('customers_deadline').on('customers').columns(['status', 'kyc_deadline_at']).execute();
    await db.schema.createIndex('customers_expiry').on('customers').columns(['status', 'verification_expires_at']).execute();
  },
};
