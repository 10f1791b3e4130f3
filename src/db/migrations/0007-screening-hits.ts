import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations build a schema the types do not know yet */
type AnyDb = Kysely<any>;

export const screeningHits: Migration = {
  async up(db: AnyDb) {
    // One row per customer–entity pair: its latest state and the reviewer's disposition.
    await db.schema
      .createTable('screening_hits')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('list', 'text', (c) => c.notNull())
      .addColumn('entity_hash', 'text', (c) => c.notNull())
      .addColumn('score', 'real', (c) => c.notNull())
      .addColumn('explanation', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('data_ver', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('reviewed_by', 'text')
      .addColumn('reviewed_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('screening_hits_pair', ['customer_id', 'entity_id'])
      .execute();
    await db.schema.createIndex('screening_hits_status').on('screening_hits').columns(['status', 'created_at']).execute();
    await db.schema
      .createTable('customer_screenings')
      .addColumn('customer_id', 'text', (c) => c.primaryKey().references('customers.id'))
      .addColumn('data_ver', 'text', (c) => c.notNull())
      .addColumn('screened_at', 'text', (c) => c.notNull())
      .addColumn('matches', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('customer_screenings_due').on('customer_screenings').column('screened_at').execute();
    // Alerts from every engine, for case management to pick up.
    await db.schema
      .createTable('alerts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('alerts_customer').on('alerts').columns(['customer_id', 'created_at']).execute();
    await db.schema.createIndex('alerts_status').on('alerts').columns(['status', 'created_at']).execute();
  },
};
