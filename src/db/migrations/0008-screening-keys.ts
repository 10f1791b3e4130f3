import type { Kysely, Migration } from 'kysely';
import type { Capabilities } from '../executor.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations build a schema the types do not know yet */
type AnyDb = Kysely<any>;

/**
 * Keyed retrieval keys of each customer's screened name, so a list change finds the customers
 * it may affect without decrypting every name (customer-screening.service.ts).
 */
export const screeningKeys = (caps: Capabilities): Migration => ({
  async up(db: AnyDb) {
    await db.schema
      .alterTable('customer_screenings')
      .addColumn('name_keys', caps.dialect === 'postgres' ? 'bytea' : 'blob')
      .execute();
  },
});
