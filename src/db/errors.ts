import { defineErrors } from '../core/errors.js';

export const DbErrors = defineErrors({
  DATABASE_UNAVAILABLE: { kind: 'unavailable', title: 'The database cannot be reached' },
  DATABASE_MIGRATION_FAILED: { kind: 'internal', title: 'A database migration failed' },
  DATABASE_BUSY: { kind: 'unavailable', title: 'Another process held the SQLite database’s write lock too long' },
  DATABASE_SYNC_FAILED: { kind: 'internal', title: 'The disk failed to make a commit durable' },
});
