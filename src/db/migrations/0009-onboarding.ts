import { sql, type Kysely, type Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations build a schema the types do not know yet */
type AnyDb = Kysely<any>;

/**
 * The sign-up gate: contact verification on the customer, velocity counters, the link graph
 * and verification challenges. Counters and links hold keyed digests, never the values.
 */
export const onboarding: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('customers').addColumn('email_verified_at', 'text').execute();
    await db.schema.alterTable('customers').addColumn('phone_verified_at', 'text').execute();
    // Which contacts policy asks this customer to verify (set by the sign-up gate).
    await db.schema.alterTable('customers').addColumn('contact_checks', 'text', (c) => c.notNull().defaultTo(sql`'[]'`)).execute();
    // One row per key and time bucket: an upsert serialises concurrent sign-ups on the row lock.
    await db.schema
      .createTable('signup_counters')
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('bucket', 'integer', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('signup_counters_pk', ['key', 'bucket'])
      .execute();
    await db.schema.createIndex('signup_counters_bucket').on('signup_counters').column('bucket').execute();
    await db.schema
      .createTable('customer_links')
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('customer_links_pk', ['customer_id', 'kind', 'digest'])
      .execute();
    await db.schema.createIndex('customer_links_lookup').on('customer_links').columns(['kind', 'digest']).execute();
    await db.schema
      .createTable('contact_challenges')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('secret_hash', 'text', (c) => c.notNull())
      .addColumn('target_digest', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('contact_challenges_customer').on('contact_challenges').columns(['customer_id', 'channel', 'created_at']).execute();
    await db.schema
      .createTable('intel_state')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('reload_seq', 'integer', (c) => c.notNull())
      .addColumn('requested_at', 'text')
      .execute();
    await db.insertInto('intel_state').values({ id: 1, reload_seq: 0, requested_at: null }).execute();
  },
};
