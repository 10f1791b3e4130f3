import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations build a schema the types do not know yet */
type AnyDb = Kysely<any>;

/**
 * The last reload of the intel files that was refused, as JSON, whichever process asked for it
 * (`vigil intel reload`, the API on any node): the servers show it, and a CLI run leaves no other trace.
 */
export const intelRefusedReload: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable('intel_state').addColumn('last_refused', 'text').execute();
  },
};
