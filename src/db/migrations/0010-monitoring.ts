import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations build a schema the types do not know yet */
type AnyDb = Kysely<any>;

/**
 * Policy as code, monitoring events and their processing state, the proxy gate's per-customer
 * overrides, risk assessments and periodic reviews.
 */
export const monitoring: Migration = {
  async up(db: AnyDb) {
    // Every applied policy, newest highest; the running policy is the last one (or the shipped default).
    await db.schema
      .createTable('policies')
      .addColumn('seq', 'integer', (c) => c.primaryKey())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .addColumn('applied_by', 'text', (c) => c.notNull())
      .execute();
    // Ingested events in the order they were acknowledged. `seq` comes from monitoring_head, whose
    // row lock serialises ingest transactions, so seq order is commit order on every dialect.
    await db.schema
      .createTable('monitoring_events')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('event_id', 'text', (c) => c.notNull().unique())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('occurred_at', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('monitoring_events_customer').on('monitoring_events').columns(['customer_id', 'occurred_at']).execute();
    await db.schema.createTable('monitoring_head').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('seq', 'bigint', (c) => c.notNull()).execute();
    await db.insertInto('monitoring_head').values({ id: 1, seq: 0 }).execute();
    // Kept apart from the head so the rule processor's commits never wait on ingest's row lock.
    await db.schema
      .createTable('monitoring_cursor')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('processed', 'bigint', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'text')
      .execute();
    await db.insertInto('monitoring_cursor').values({ id: 1, processed: 0, lease_owner: null, lease_until: null }).execute();
    // Each customer's rule windows and baselines as of `seq`, committed with the alerts they raised.
    await db.schema
      .createTable('monitoring_states')
      .addColumn('customer_id', 'text', (c) => c.primaryKey())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .execute();
    // One alert per rule, triggering event and key, whichever node raises it and however often.
    await db.schema.alterTable('alerts').addColumn('dedupe_key', 'text').execute();
    await db.schema.createIndex('alerts_dedupe').on('alerts').column('dedupe_key').unique().execute();
    // Alerts whose risk follow-up (ORS, KYC refresh) has not run yet: written with the alert, so none is lost.
    await db.schema
      .createTable('risk_pending')
      .addColumn('alert_id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    // Each customer's fiat payments per calendar month, kept with the batch that counted them.
    await db.schema
      .createTable('payment_months')
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('total', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('payment_months_pk', ['customer_id', 'month'])
      .execute();
    await db.schema
      .createTable('gate_overrides')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('pattern', 'text', (c) => c.notNull())
      .addColumn('effect', 'text', (c) => c.notNull())
      .addColumn('until', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('gate_overrides_customer').on('gate_overrides').column('customer_id').execute();
    await db.schema
      .createTable('risk_assessments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('score', 'integer', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('decision_id', 'text', (c) => c.notNull())
      .addColumn('factors', 'text', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('next_review_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('risk_assessments_customer').on('risk_assessments').columns(['customer_id', 'created_at']).execute();
    await db.schema.alterTable('customers').addColumn('next_review_at', 'text').execute();
    await db.schema.createIndex('customers_next_review').on('customers').column('next_review_at').execute();
    await db.schema
      .createTable('review_tasks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('due_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('closed_at', 'text')
      .execute();
    await db.schema.createIndex('review_tasks_customer').on('review_tasks').columns(['customer_id', 'status']).execute();
  },
};
