import { createHash } from 'node:crypto';
import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations build a schema the types do not know yet */
type AnyDb = Kysely<any>;

/**
 * What each screening index data version stands for: the lists and their versions. Screening
 * decisions, hits and alerts carry the index's version; this leads back to every list's. The
 * lists loaded now are recorded at once, so the decisions made since the last import are traced too.
 */
export const screeningIndexVersions: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('screening_index_versions')
      .addColumn('data_ver', 'text', (c) => c.primaryKey())
      .addColumn('lists', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    const lists = (await db.selectFrom('screening_lists').select(['name', 'data_ver', 'active_version']).execute()) as Array<{ name: string; data_ver: string | null; active_version: string | null }>;
    if (lists.length === 0) return;
    // As src/screening/index-version.ts computes it (kept apart: a migration must not change),
    // in code-unit order whatever the database's collation.
    lists.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const key = lists.map((l) => `${l.name}@${l.data_ver ?? ''}`).join('|');
    const dataVer = `dv_${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
    await db
      .insertInto('screening_index_versions')
      .values({ data_ver: dataVer, lists: JSON.stringify(lists.map((l) => ({ list: l.name, dataVer: l.data_ver, versionId: l.active_version }))), created_at: new Date().toISOString() })
      .execute();
  },
};
