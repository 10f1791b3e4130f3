import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations build a schema the types do not know yet */
type AnyDb = Kysely<any>;

/** An alert a reviewer closes keeps who closed it, when and why. */
export const alertClosing: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('alerts').addColumn('closed_at', 'text').execute();
    await db.schema.alterTable('alerts').addColumn('closed_by', 'text').execute();
    await db.schema.alterTable('alerts').addColumn('close_reason', 'text').execute();
  },
};
