import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations build a schema the types do not know yet */
type AnyDb = Kysely<any>;

/**
 * Customers' rule states are checkpointed every few seconds rather than every batch; a node that
 * loads one replays that customer's events after the checkpoint, found through the first index.
 * The risk engine reads a customer's newest assessment on every score, by id.
 */
export const monitoringIndexes: Migration = {
  async up(db: AnyDb) {
    await db.schema.createIndex('monitoring_events_customer_seq').on('monitoring_events').columns(['customer_id', 'seq']).execute();
    await db.schema.dropIndex('monitoring_events_customer').execute();
    await db.schema.createIndex('risk_assessments_customer_id').on('risk_assessments').columns(['customer_id', 'id']).execute();
    await db.schema.dropIndex('risk_assessments_customer').execute();
  },
};
