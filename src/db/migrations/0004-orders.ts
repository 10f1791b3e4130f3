import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations build a schema the types do not know yet */
type AnyDb = Kysely<any>;

export const orders: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('products')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kyc_required', 'integer', (c) => c.notNull())
      .addColumn('term_days', 'integer', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('orders')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
      .addColumn('external_ref', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('renewal_of', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('decision_id', 'text', (c) => c.notNull())
      .addColumn('ordered_at', 'text', (c) => c.notNull())
      .addColumn('held_until', 'text')
      .addColumn('provisioned_at', 'text')
      .addColumn('due_at', 'text')
      .addColumn('extension_ms', 'bigint', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('orders_customer').on('orders').columns(['customer_id', 'status']).execute();
    await db.schema.createIndex('orders_held').on('orders').columns(['status', 'held_until']).execute();
    await db.schema.createIndex('orders_due').on('orders').columns(['status', 'due_at']).execute();
    await db.schema.createIndex('orders_external_ref').on('orders').column('external_ref').unique().execute();
  },
};
