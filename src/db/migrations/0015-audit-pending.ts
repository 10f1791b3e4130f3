import type { Kysely, Migration } from 'kysely';
import type { Capabilities } from '../executor.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations build a schema the types do not know yet */
type AnyDb = Kysely<any>;

/**
 * Audit records committed with their change but not yet linked onto the chain. On PostgreSQL a
 * transaction writes its records here without touching the chain head, so transactions on every
 * node commit side by side; a sequencer links them afterwards (see AuditService). SQLite links
 * them at commit as before and leaves this table empty.
 */
export const auditPending = (caps: Capabilities): Migration => ({
  async up(db: AnyDb) {
    await db.schema
      .createTable('audit_pending')
      // The order records were written in: the sequencer links them in this order.
      .addColumn('id', caps.dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (caps.dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
  },
});
