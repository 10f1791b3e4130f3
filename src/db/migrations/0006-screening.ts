import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations build a schema the types do not know yet */
type AnyDb = Kysely<any>;

export const screening: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('screening_lists')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('active_version', 'text')
      .addColumn('data_ver', 'text')
      .addColumn('entity_count', 'integer', (c) => c.notNull())
      .addColumn('source_url', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('screening_list_versions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('list', 'text', (c) => c.notNull().references('screening_lists.name'))
      .addColumn('data_ver', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text')
      .addColumn('entity_count', 'integer', (c) => c.notNull())
      .addColumn('added', 'integer', (c) => c.notNull())
      .addColumn('changed', 'integer', (c) => c.notNull())
      .addColumn('removed', 'integer', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addColumn('imported_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('screening_list_versions_list').on('screening_list_versions').columns(['list', 'imported_at']).execute();
    // The current state of every list; public data, so it lives outside the vault.
    await db.schema
      .createTable('screening_entities')
      .addColumn('list', 'text', (c) => c.notNull())
      .addColumn('source_id', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_hash', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('screening_entities_pk', ['list', 'source_id'])
      .execute();
    await db.schema
      .createTable('screening_entity_changes')
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('list', 'text', (c) => c.notNull())
      .addColumn('source_id', 'text', (c) => c.notNull())
      .addColumn('change', 'text', (c) => c.notNull())
      .addColumn('entity_hash', 'text')
      .addPrimaryKeyConstraint('screening_entity_changes_pk', ['version', 'source_id'])
      .execute();
  },
};
