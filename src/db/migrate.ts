import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import { VigilError } from '../core/errors.js';
import { DbErrors } from './errors.js';
import type { Capabilities, Database } from './executor.js';
import { foundation } from './migrations/0001-foundation.js';
import { customers } from './migrations/0002-customers.js';
import { kyc } from './migrations/0003-kyc.js';
import { orders } from './migrations/0004-orders.js';
import { documents } from './migrations/0005-documents.js';
import { screening } from './migrations/0006-screening.js';
import { screeningHits } from './migrations/0007-screening-hits.js';
import { screeningKeys } from './migrations/0008-screening-keys.js';
import { onboarding } from './migrations/0009-onboarding.js';
import { monitoring } from './migrations/0010-monitoring.js';
import { monitoringIndexes } from './migrations/0011-monitoring-indexes.js';
import { alertClosing } from './migrations/0012-alert-closing.js';
import { screeningIndexVersions } from './migrations/0013-screening-index-versions.js';
import { intelRefusedReload } from './migrations/0014-intel-refused-reload.js';
import { auditPending } from './migrations/0015-audit-pending.js';

export type MigrationSet = (caps: Capabilities) => Record<string, Migration>;

/** Every migration of the main store, in order. Names are permanent once released. */
export const mainMigrations: MigrationSet = (caps) => ({
  '0001-foundation': foundation(caps),
  '0002-customers': customers,
  '0003-kyc': kyc,
  '0004-orders': orders,
  '0005-documents': documents,
  '0006-screening': screening,
  '0007-screening-hits': screeningHits,
  '0008-screening-keys': screeningKeys(caps),
  '0009-onboarding': onboarding,
  '0010-monitoring': monitoring,
  '0011-monitoring-indexes': monitoringIndexes,
  '0012-alert-closing': alertClosing,
  '0013-screening-index-versions': screeningIndexVersions,
  '0014-intel-refused-reload': intelRefusedReload,
  '0015-audit-pending': auditPending(caps),
});

export interface MigrationReport {
  applied: string[];
}

/**
 * Brings the schema up to date. Safe to run from several processes at once: Kysely's migrator
 * takes a lock row in the database before it looks at what is applied.
 */
export async function migrateToLatest<S>(database: Database<S>, set: MigrationSet = mainMigrations): Promise<MigrationReport> {
  const provider: MigrationProvider = { getMigrations: async () => set(database.caps) };
  // Name the schema: otherwise Kysely may see another schema's migration tables and skip creating its own.
  const migrator = new Migrator({ db: database.db, provider, ...(database.pgSchema ? { migrationTableSchema: database.pgSchema } : {}) });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely looks for its tables through every schema's catalogue; a schema another tenant drops
  // meanwhile fails that look-up before any migration ran. Looking again is safe.
  for (let attempt = 1; attempt < 3 && error && !results?.length && droppedMeanwhile(error, database.pgSchema); attempt++) {
    ({ error, results } = await migrator.migrateToLatest());
  }
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new VigilError(
      DbErrors.DATABASE_MIGRATION_FAILED,
      `migration ${failed} failed on ${database.description}: ${(error as Error).message}`,
      { migration: failed },
      { cause: error },
    );
  }
  return { applied };
}

/**
 * PostgreSQL's invalid_schema_name for a schema other than the store's own, or its undefined_table
 * for a table of such a schema (the catalogue listed the table, then the schema went), or its
 * undefined_column for a column of a listed table: Kysely's look-up of the tables that exist asks
 * `pg_get_serial_sequence` about every column of every schema, which fails so when another
 * schema's table is dropped meanwhile (`column "method" of relation "idempotency_keys" does not
 * exist`). That message names no schema, but it comes before any migration ran (the caller
 * retries only then), so it cannot be about the store's own tables.
 */
export function droppedMeanwhile(error: unknown, own: string | undefined): boolean {
  const e = error as { code?: unknown; message?: unknown };
  if (typeof e.message !== 'string') return false;
  if (e.code === '42703') return /^column "[^"]+" of relation "[^"]+" does not exist$/.test(e.message);
  const named =
    e.code === '3F000' ? /schema "([^"]+)" does not exist/.exec(e.message)?.[1] : e.code === '42P01' ? /relation "([^".]+)\.[^"]+" does not exist/.exec(e.message)?.[1] : undefined;
  return named !== undefined && named !== own;
}
